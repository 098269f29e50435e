# Finetune R3D-18 on HMDB51 split 1 (TransRank Table 11 protocol).
_base_ = [
    '../../_base_/models/r3d18.py', '../../_base_/datasets/hmdb51.py',
    '../_base_/finetune.py'
]

model = dict(
    backbone=_base_.backbone,
    cls_head=dict(in_channels=_base_.feat_dim, num_classes=_base_.num_classes))
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
