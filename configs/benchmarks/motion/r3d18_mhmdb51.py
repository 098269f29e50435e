# Motion type prediction (TransRank appendix A.1): finetune R3D-18 (all
# parameters) as a 5-way classifier of mHMDB51, HMDB51 split 1 relabelled
# with the motion type of each class (tools/data/mhmdb51/build_mhmdb51.py);
# top-1 accuracy on the test split (1530 videos). Finetuning protocol and
# hyper-parameters of configs/benchmarks/_base_/finetune.py and table11.py.
_base_ = [
    '../../_base_/models/r3d18.py', '../../_base_/datasets/mhmdb51.py',
    '../_base_/finetune.py', '../_base_/table11.py'
]

model = dict(backbone=_base_.backbone, cls_head=dict(
    in_channels=_base_.feat_dim, num_classes=_base_.num_classes, topk=(1, )))

val_evaluator = dict(metric_options=dict(top_k_accuracy=dict(topk=(1, ))))
test_evaluator = val_evaluator
