# Finetune C3D on HMDB51 split 1 (TransRank Table 11 protocol).
_base_ = [
    '../../_base_/models/c3d.py', '../../_base_/datasets/hmdb51.py',
    '../_base_/finetune.py'
]

model = dict(
    backbone=_base_.backbone,
    cls_head=dict(
        spatial_type=None,  # C3D outputs pooled fc7 vectors
        in_channels=_base_.feat_dim,
        num_classes=_base_.num_classes))
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
