# TransRank (Duan et al., CVPR 2022) pre-training on Mini-Kinetics-200:
# five clips per video at 1x, 2x, 4x, 8x speed and reversed, ranked against
# each other by a margin ranking loss. Clip-wise (independent per clip)
# spatial and temporal augmentation. 16 frames at 112x112, SGD lr 0.1, cosine,
# 100 epochs, batch 64 (8 GPUs x 8 videos). Configs inheriting this one set
# model.backbone from configs/_base_/models/.
_base_ = [
    '../../_base_/datasets/k200.py',
    '../../_base_/schedules/sgd_cosine_100e.py',
    '../../_base_/default_runtime.py'
]

clip_len = 16
crop_size = 112
speeds = [1, 2, 4, 8]
temporal_transforms = [dict(type='Speed', rate=rate) for rate in speeds]
temporal_transforms.append(dict(type='Reverse'))
num_transforms = len(temporal_transforms)

model = dict(
    type='TransformationRecognizer',
    neck=dict(type='GlobalAvgPool'),
    heads=dict(
        temporal=dict(
            type='TransformationHead',
            label_key='temporal_labels',
            num_classes=num_transforms,
            in_channels=512,
            loss=dict(type='TransformationRankingLoss', margin=1.0))),
    speediness=dict(head='temporal', rates=speeds + [None]),
    data_preprocessor=dict(
        type='ActionDataPreprocessor',
        mean=[123.675, 116.28, 103.53],
        std=[58.395, 57.12, 57.375],
        format_shape='NCTHW'))

train_pipeline = [
    dict(type='DecordOpen'),
    dict(
        type='MultiClipSampler',
        clip_len=clip_len,
        transforms=temporal_transforms,
        start_mode='independent'),
    dict(type='DecordDecodeOnce'),
    dict(type='Resize', scale=(-1, 128)),
    dict(type='MultiClipRandomResizedCrop', size=crop_size, scope='clip'),
    dict(type='MultiClipFlip', prob=0.5, scope='clip'),
    dict(type='MultiClipColorJitter', prob=0.8, scope='clip'),
    dict(type='MultiClipRandomGrayscale', prob=0.2, scope='clip'),
    dict(type='PackMultiClipInputs', label_keys=('temporal_labels', ))
]
val_pipeline = [
    dict(type='DecordOpen'),
    dict(
        type='MultiClipSampler',
        clip_len=clip_len,
        transforms=temporal_transforms,
        test_mode=True),
    dict(type='DecordDecodeOnce'),
    dict(type='Resize', scale=(-1, 128)),
    dict(type='CenterCrop', crop_size=crop_size),
    dict(type='PackMultiClipInputs', label_keys=('temporal_labels', ))
]

train_dataloader = dict(
    batch_size=8,
    num_workers=8,
    persistent_workers=True,
    sampler=dict(type='DefaultSampler', shuffle=True),
    dataset=dict(
        type='RobustVideoDataset',
        ann_file={{_base_.ann_file_train}},
        data_prefix=dict(video={{_base_.data_root}}),
        pipeline=train_pipeline,
        skip_broken=True))
val_dataloader = dict(
    batch_size=8,
    num_workers=8,
    persistent_workers=True,
    sampler=dict(type='DefaultSampler', shuffle=False),
    dataset=dict(
        type='RobustVideoDataset',
        ann_file={{_base_.ann_file_val}},
        data_prefix=dict(video={{_base_.data_root_val}}),
        pipeline=val_pipeline,
        test_mode=True))
test_dataloader = val_dataloader

val_evaluator = dict(
    type='TransformationAccuracy', heads=dict(temporal='temporal_labels'))
test_evaluator = val_evaluator
