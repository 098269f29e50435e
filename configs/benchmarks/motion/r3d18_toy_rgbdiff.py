# Motion-type prediction on the toy dataset from frame differences (RGBDiff).
_base_ = ['../finetune/r3d18_toy_rgbdiff.py']

model = dict(cls_head=dict(topk=(1, )))
val_evaluator = dict(metric_options=dict(top_k_accuracy=dict(topk=(1, ))))
test_evaluator = val_evaluator
