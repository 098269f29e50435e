# Pace Prediction (Wang, Jiao and Liu, ECCV 2020). One 16-frame clip per
# video at a pace drawn uniformly from the pace set (baseline [1, 2, 3, 4]:
# pace p takes every p-th frame; a slow pace 1/k repeats each frame k times),
# starting anywhere in the video and looping past its end as the public code
# does (here modulo the length; the public code restarts at the first frame,
# shifting the frames after the loop by less than one pace); a linear head
# on the pooled features classifies the pace (cross-entropy). Augmentation
# of the public code: resize to 128x171, random 112x112 crop, horizontal
# flip, and colour jitter (brightness, contrast, saturation 0.8, hue 0.2,
# probability 0.8) drawn per frame (scope='frame'; scope='clip' gives one
# draw per clip). Pre-training of the public code:
# SGD lr 0.01, momentum 0.9, weight decay 5e-3, lr x0.1 every 6 epochs, 18
# epochs over the training list repeated 10 times (RepeatDataset, in the
# per-dataset bases), batch 30.
# The contrastive variants add a projection (pool, MLP 512-512-128, L2
# normalise) and a contrastive loss on cosines / temperature 0.5 (ours; the
# supplement's bare dot product of the embeddings is temperature 1), weights
# lambda_cls = lambda_ctr = 1 (loss_weight of each loss).
# The method of this folder's pre-training configs: a per-dataset base
# (pace_ucf101.py) puts train_pipeline and val_pipeline into the loaders of
# a pre-training data set, and a config sets model.backbone (and the head's
# in_channels) from configs/_base_/models/.
clip_len = 16
crop_size = 112
paces = [1, 2, 3, 4]
pace_transforms = [dict(type='Speed', rate=pace) for pace in paces]

model = dict(
    type='PacePrediction',
    neck=dict(type='GlobalAvgPool'),
    heads=dict(
        pace=dict(
            type='TransformationHead',
            label_key='temporal_labels',
            num_classes=len(pace_transforms),
            in_channels=512,
            loss=dict(type='MultiClipCrossEntropyLoss', loss_weight=1.0))),
    data_preprocessor=dict(
        type='ActionDataPreprocessor', format_shape='NCTHW',
        mean=[123.675, 116.28, 103.53], std=[58.395, 57.12, 57.375]))
# The contrastive part of the ctr_context / ctr_pace configs:
# model.projection and model.contrastive_loss (contrastive_losses[kind]);
# same-context contrast also samples two clips of each video at two
# different paces (two_paces, the training dataset's step_args).
projection = dict(
    type='ProjectionNeck', in_channels=512, hidden_channels=512,
    out_channels=128)
contrastive_losses = dict(
    context=dict(type='SameContextContrastiveLoss', temperature=0.5),
    pace=dict(type='SamePaceContrastiveLoss', temperature=0.5))
two_paces = dict(MultiClipSampler=dict(assign='distinct_random', num_clips=2))

clip_sampler = dict(
    type='MultiClipSampler', clip_len=clip_len, transforms=pace_transforms)
pack = dict(type='PackMultiClipInputs', label_keys=('temporal_labels', ))
train_pipeline = [
    dict(type='DecordOpen'),
    dict(clip_sampler, assign='random', num_clips=1, start_mode='anywhere'),
    dict(type='DecordDecodeOnce'),
    dict(type='Resize', scale=(171, 128), keep_ratio=False),
    dict(type='RandomCrop', size=crop_size),
    dict(type='MultiClipFlip', prob=0.5, scope='clip'),
    dict(type='MultiClipColorJitter', brightness=0.8, contrast=0.8,
         saturation=0.8, hue=0.2, prob=0.8, scope='frame'), pack
]
# Held-out pace accuracy: every pace once per video, each clip centred.
val_pipeline = [
    dict(type='DecordOpen'),
    dict(clip_sampler, test_mode=True),
    dict(type='DecordDecodeOnce'),
    dict(type='Resize', scale=(171, 128), keep_ratio=False),
    dict(type='CenterCrop', crop_size=crop_size), pack
]

val_evaluator = dict(
    type='TransformationAccuracy', heads=dict(pace='temporal_labels'))
test_evaluator = val_evaluator

train_cfg = dict(type='EpochBasedTrainLoop', max_epochs=18, val_interval=6)
optim_wrapper = dict(
    optimizer=dict(type='SGD', lr=0.01, momentum=0.9, weight_decay=5e-3))
param_scheduler = [
    dict(type='StepLR', step_size=6, gamma=0.1, by_epoch=True, begin=0,
         end=18)
]
auto_scale_lr = dict(enable=False, base_batch_size=30)
