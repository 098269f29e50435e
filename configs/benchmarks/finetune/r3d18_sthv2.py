# Finetune R3D-18 on Something-Something V2 videos. As for SthV1 (TransRank
# appendix C.1), 50 epochs with the lr decayed at 3/5 and 4/5 of training.
# No flips: they would swap the left/right classes ("Pushing something from
# left to right").
_base_ = [
    '../../_base_/models/r3d18.py', '../../_base_/datasets/sthv2.py',
    '../_base_/finetune.py'
]

train_pipeline = [
    step for step in _base_.train_pipeline if step.type != 'Flip'
]

model = dict(
    backbone=_base_.backbone,
    cls_head=dict(in_channels=_base_.feat_dim, num_classes=_base_.num_classes))
train_dataloader = dict(
    dataset=dict(
        type=_base_.dataset_type,
        num_classes=_base_.num_classes,
        ann_file=_base_.ann_file_train,
        data_prefix=dict(video=_base_.data_root),
        pipeline=train_pipeline))
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

train_cfg = dict(max_epochs=50)
param_scheduler = [
    dict(
        type='MultiStepLR',
        begin=0,
        end=50,
        by_epoch=True,
        milestones=[30, 40],
        gamma=0.1)
]
