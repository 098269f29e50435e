# Finetune R3D-18 on Something-Something V1 (TransRank appendix C.1): JPEG
# frame folders, 50 epochs with the lr decayed at epochs 30 and 40. The
# pipelines are the template's with frames read from folders instead of a
# video, and without flips: they would swap the left/right classes
# ("Pushing something from left to right").
_base_ = [
    '../../_base_/models/r3d18.py', '../../_base_/datasets/sthv1.py',
    '../_base_/finetune.py'
]

frame_decoder = dict(type='RawFrameDecodeOnce')
train_pipeline = [
    frame_decoder if step.type == 'DecordDecodeOnce' else step
    for step in _base_.train_pipeline
    if step.type not in ('DecordOpen', 'Flip')
]
val_pipeline = [
    frame_decoder if step.type == 'DecordDecodeOnce' else step
    for step in _base_.val_pipeline if step.type != 'DecordOpen'
]
test_pipeline = [
    frame_decoder if step.type == 'DecordDecodeOnce' else step
    for step in _base_.test_pipeline if step.type != 'DecordOpen'
]

model = dict(
    backbone=_base_.backbone,
    cls_head=dict(in_channels=_base_.feat_dim, num_classes=_base_.num_classes))
train_dataloader = dict(
    dataset=dict(
        type=_base_.dataset_type,
        num_classes=_base_.num_classes,
        ann_file=_base_.ann_file_train,
        data_prefix=dict(img=_base_.data_root),
        filename_tmpl=_base_.filename_tmpl,
        pipeline=train_pipeline))
val_dataloader = dict(
    dataset=dict(
        type=_base_.dataset_type,
        num_classes=_base_.num_classes,
        ann_file=_base_.ann_file_val,
        data_prefix=dict(img=_base_.data_root_val),
        filename_tmpl=_base_.filename_tmpl,
        pipeline=val_pipeline))
test_dataloader = dict(
    dataset=dict(
        type=_base_.dataset_type,
        num_classes=_base_.num_classes,
        ann_file=_base_.ann_file_test,
        data_prefix=dict(img=_base_.data_root_val),
        filename_tmpl=_base_.filename_tmpl,
        pipeline=test_pipeline))

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
