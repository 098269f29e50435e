# Motion type prediction on the toy dataset, whose five classes are the
# mHMDB51 motion types: the toy finetuning config with top-1 accuracy only.
_base_ = ['../finetune/r3d18_toy.py']

model = dict(cls_head=dict(topk=(1, )))
val_evaluator = dict(metric_options=dict(top_k_accuracy=dict(topk=(1, ))))
test_evaluator = val_evaluator
