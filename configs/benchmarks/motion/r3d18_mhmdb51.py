# Motion type prediction (TransRank appendix A.1): finetune R3D-18 (all
# parameters) as a 5-way classifier of mHMDB51, HMDB51 split 1 relabelled
# with the motion type of each class (tools/data/mhmdb51/build_mhmdb51.py);
# top-1 accuracy on the test split (1530 videos). Finetuning protocol and
# hyper-parameters of configs/benchmarks/_base_/finetune.py.
_base_ = [
    '../../_base_/models/r3d18.py', '../../_base_/datasets/mhmdb51.py',
    '../_base_/finetune.py'
]

model = dict(
    backbone=_base_.backbone,
    cls_head=dict(
        in_channels=_base_.feat_dim,
        num_classes=_base_.num_classes,
        topk=(1, )))
train_dataloader = dict(
    dataset=dict(
        type=_base_.dataset_type,
        num_classes=_base_.num_classes,
        ann_file=_base_.ann_file_train,
        data_prefix=dict(video=_base_.data_root)))
val_dataloader = dict(
    dataset=dict(
        type=_base_.dataset_type,
        num_classes=_base_.num_classes,
        ann_file=_base_.ann_file_val,
        data_prefix=dict(video=_base_.data_root_val)))
test_dataloader = dict(
    dataset=dict(
        type=_base_.dataset_type,
        num_classes=_base_.num_classes,
        ann_file=_base_.ann_file_test,
        data_prefix=dict(video=_base_.data_root_val)))

val_evaluator = dict(metric_options=dict(top_k_accuracy=dict(topk=(1, ))))
test_evaluator = val_evaluator
