# RSPNet (Chen et al., AAAI 2021). From one video, a query clip and two key
# clips of 16 frames at 112x112: the query and the positive key at one speed
# (1x or 2x, from two windows of 2 x 16 frames at independent starts), the
# negative key at the other speed, from the positive key's window. Relative
# speed perception (RSP: margin 2.0 on similarities / 0.07) and appearance-
# focused video instance discrimination (A-VID: two InfoNCE terms, T 0.07, a
# queue of 16384 keys) on two linear 128-d projection heads; momentum key
# encoder (m 0.999) with shuffle-BN. Clip-wise augmentation: random resized
# crop (area 0.4-1), flip, colour jitter 0.4, grayscale 0.2. SGD lr 0.1,
# momentum 0.9, wd 1e-4, cosine to lr / 1000 over 200 epochs, with the
# pre-training loaders (configs/_base_/datasets/pretrain/loaders.py) and the
# default runtime. The method of this folder's pre-training configs: a
# per-dataset base (rspnet_k400.py) adds a data base of
# configs/_base_/datasets/pretrain/ and puts its train_dataset and
# val_dataset into the loaders; a leaf sets model.backbone (and the heads'
# in_channels) from configs/_base_/models/.
_base_ = [
    '../../_base_/datasets/pretrain/loaders.py',
    '../../_base_/schedules/sgd_cosine_100e.py',
    '../../_base_/default_runtime.py'
]

clip_len = 16
crop_size = 112
# transforms[0] is the base speed; the others are drawn for the fast clips.
speeds = [1, 2]
temporal_transforms = [dict(type='Speed', rate=rate) for rate in speeds]
projection = dict(type='ProjectionNeck', in_channels=512, out_channels=128)

model = dict(
    type='RSPNet',
    momentum=0.999,
    heads=dict(
        rsp=dict(
            type='RelativeSpeedHead',
            projection=projection,
            loss=dict(
                type='RelativeSpeedLoss',
                margin=2.0,
                temperature=0.07,
                loss_weight=1.0)),
        avid=dict(
            type='InstanceContrastHead',
            projection=projection,
            queue_size=16384,
            enqueue='other_rate',
            loss=dict(type='InfoNCELoss', temperature=0.07,
                      loss_weight=1.0))),
    data_preprocessor=dict(
        type='ActionDataPreprocessor', format_shape='NCTHW',
        mean=[123.675, 116.28, 103.53], std=[58.395, 57.12, 57.375]))

clip_sampler = dict(
    type='MultiClipSampler',
    clip_len=clip_len,
    transforms=temporal_transforms,
    assign='relative_speed')
train_pipeline = [
    dict(type='DecordOpen'),
    dict(clip_sampler, start_mode='independent'),
    dict(type='DecordDecodeOnce'),
    dict(type='Resize', scale=(-1, 128)),
    dict(type='MultiClipRandomResizedCrop', size=crop_size,
         area_range=(0.4, 1.0), scope='clip'),
    dict(type='MultiClipFlip', prob=0.5, scope='clip'),
    dict(type='MultiClipColorJitter', brightness=0.4, contrast=0.4,
         saturation=0.4, hue=0.4, prob=1.0, scope='clip'),
    dict(type='MultiClipRandomGrayscale', prob=0.2, scope='clip'),
    dict(type='PackMultiClipInputs', label_keys=('temporal_labels', ))
]
# Held-out pretext accuracy: the two windows one after the other, centred.
val_pipeline = [
    dict(type='DecordOpen'),
    dict(clip_sampler, start_mode='adjacent', test_mode=True),
    dict(type='DecordDecodeOnce'),
    dict(type='Resize', scale=(-1, 128)),
    dict(type='CenterCrop', crop_size=crop_size),
    dict(type='PackMultiClipInputs', label_keys=('temporal_labels', ))
]
train_dataloader = dict(dataset=dict(pipeline=train_pipeline))
val_dataloader = test_dataloader = dict(dataset=dict(pipeline=val_pipeline))

val_evaluator = dict(type='ContrastAccuracy', heads=['rsp', 'avid'])
test_evaluator = val_evaluator

train_cfg = dict(max_epochs=200, val_interval=10)
param_scheduler = [
    dict(type='CosineAnnealingLR', T_max=200, eta_min_ratio=1e-3,
         by_epoch=True, begin=0, end=200)
]
