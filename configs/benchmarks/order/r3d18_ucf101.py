# Temporal order prediction (Order) on UCF101 split 1 videos with a frozen
# R3D-18 and a 2-layer MLP (configs/benchmarks/_base_/order.py).
_base_ = [
    '../../_base_/models/r3d18.py', '../../_base_/datasets/ucf101.py',
    '../_base_/order.py'
]

model = dict(
    backbone=_base_.backbone, cls_head=dict(in_channels=_base_.feat_dim))
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
