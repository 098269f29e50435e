# TransRank on the generated toy dataset (tools/data/toy), sized for a CPU:
# a slim R3D-18 (base_channels 8, 64-d output), four 8-frame clips at 1x,
# 2x, 4x and 8x per video, 56x56 crops, batch 4, 6 epochs. The demo
# (tools/run_demo.sh) pre-trains with this config.
_base_ = ['./r3d18_k200.py']

clip_len = 8
crop_size = 56
speeds = [1, 2, 4, 8]
temporal_transforms = [dict(type='Speed', rate=rate) for rate in speeds]
data_root = 'data/toy/videos'

model = dict(
    backbone=dict(base_channels=8),
    heads=dict(
        temporal=dict(num_classes=len(speeds), in_channels=64)),
    speediness=dict(rates=speeds))

train_pipeline = [
    dict(type='DecordOpen'),
    dict(type='MultiClipSampler', clip_len=clip_len,
         transforms=temporal_transforms),
    dict(type='DecordDecodeOnce'),
    dict(type='MultiClipRandomResizedCrop', size=crop_size,
         area_range=(0.4, 1.0), scope='clip'),
    dict(type='MultiClipFlip', prob=0.5, scope='clip'),
    dict(type='PackMultiClipInputs', label_keys=('temporal_labels', ))
]
val_pipeline = [
    dict(type='DecordOpen'),
    dict(type='MultiClipSampler', clip_len=clip_len,
         transforms=temporal_transforms, test_mode=True),
    dict(type='DecordDecodeOnce'),
    dict(type='CenterCrop', crop_size=crop_size),
    dict(type='PackMultiClipInputs', label_keys=('temporal_labels', ))
]

train_dataloader = dict(
    batch_size=4,
    num_workers=2,
    dataset=dict(
        ann_file='data/toy/train.txt',
        data_prefix=dict(video=data_root),
        pipeline=train_pipeline))
val_dataloader = dict(
    batch_size=8,
    num_workers=2,
    dataset=dict(
        ann_file='data/toy/val.txt',
        data_prefix=dict(video=data_root),
        pipeline=val_pipeline))
test_dataloader = val_dataloader

train_cfg = dict(max_epochs=6, val_interval=2)
param_scheduler = [
    dict(type='CosineAnnealingLR', T_max=6, eta_min=0, by_epoch=True,
         begin=0, end=6)
]
default_hooks = dict(logger=dict(interval=5))
auto_scale_lr = dict(base_batch_size=4)
