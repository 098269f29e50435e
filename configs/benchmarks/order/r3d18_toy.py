# Order on the generated toy dataset (tools/data/toy), sized for a CPU: the
# slim R3D-18 of configs/transrank/r3d18_toy.py (base_channels 8, 64-d
# output) so that its checkpoints load, 8-frame clips made of two 4-frame
# sub-clips, 56x56 crops of the 64x64 frames, batch 8 at lr 0.05,
# 10 epochs, lr x0.1 at epochs 6 and 8.
_base_ = [
    '../../_base_/models/r3d18.py', '../../_base_/datasets/toy.py',
    '../_base_/order.py'
]

sub_clip_len = 4
crop_size = 56

train_pipeline = [
    dict(type='DecordOpen'),
    dict(type='TemporalOrderSampler', sub_clip_len=sub_clip_len),
    dict(type='DecordDecodeOnce'),
    dict(type='RandomResizedCrop', area_range=(0.4, 1.0)),
    dict(type='Resize', scale=(crop_size, crop_size), keep_ratio=False),
    dict(type='Flip', flip_ratio=0.5),
    dict(type='FormatShape', input_format='NCTHW'),
    dict(type='PackActionInputs')
]
val_pipeline = [
    dict(type='DecordOpen'),
    dict(
        type='TemporalOrderSampler', sub_clip_len=sub_clip_len,
        test_mode=True),
    dict(type='DecordDecodeOnce'),
    dict(type='CenterCrop', crop_size=crop_size),
    dict(type='FormatShape', input_format='NCTHW'),
    dict(type='PackActionInputs')
]

model = dict(
    backbone=dict(_base_.backbone, base_channels=8),
    cls_head=dict(in_channels=64))
train_dataloader = dict(
    batch_size=8,
    num_workers=2,
    dataset=dict(
        type=_base_.dataset_type,
        num_classes=_base_.num_classes,
        ann_file=_base_.ann_file_train,
        data_prefix=dict(video=_base_.data_root),
        pipeline=train_pipeline))
val_dataloader = dict(
    batch_size=8,
    num_workers=2,
    dataset=dict(
        type=_base_.dataset_type,
        num_classes=_base_.num_classes,
        ann_file=_base_.ann_file_val,
        data_prefix=dict(video=_base_.data_root_val),
        pipeline=val_pipeline))
test_dataloader = dict(
    batch_size=8,
    num_workers=2,
    dataset=dict(
        type=_base_.dataset_type,
        num_classes=_base_.num_classes,
        ann_file=_base_.ann_file_test,
        data_prefix=dict(video=_base_.data_root_val),
        pipeline=val_pipeline))

# CPU-sized: Table 11's schedule shape (lr x0.1 at 60 % and 80 %) over 10
# epochs of the 100 toy training videos.
train_cfg = dict(max_epochs=10, val_interval=2)
optim_wrapper = dict(optimizer=dict(lr=0.05))
param_scheduler = [
    dict(
        type='MultiStepLR',
        begin=0,
        end=10,
        by_epoch=True,
        milestones=[6, 8],
        gamma=0.1)
]
default_hooks = dict(logger=dict(interval=5), checkpoint=dict(interval=1))
auto_scale_lr = dict(base_batch_size=8)
