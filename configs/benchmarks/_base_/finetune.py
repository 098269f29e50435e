# Action recognition from a pre-trained backbone (TransRank appendix A.2,
# Table 11): a TransferRecognizer3D with a linear fc head (dropout 0.5),
# finetuned end to end; the linear probe sets model.freeze_backbone=True.
# Batch 128 in total (16 per GPU x 8 GPUs), SGD momentum 0.9, weight decay
# 1e-4, 100 epochs, lr x0.1 at epochs 60 and 80; the initial lr (0.16 here)
# is swept over {0.01, 0.02, 0.04, 0.08, 0.16} by tools/lr_sweep.py.
# Test: 10 uniformly spaced 16-frame clips, centre crop 112, softmax scores
# averaged over the clips, top-1/top-5 accuracy.
#
# A leaf config inherits a model base (backbone, feat_dim), a dataset base
# and this file, and binds them: model.backbone, the head's in_channels and
# num_classes, and each dataloader's ann_file and data_prefix. The
# pre-trained weights come from model.backbone_checkpoint (any mmssl
# pre-training checkpoint), e.g.
#   python tools/train.py CONFIG --cfg-options model.backbone_checkpoint=PTH
_base_ = [
    '../../_base_/schedules/sgd_multistep_100e.py',
    '../../_base_/default_runtime.py'
]

clip_len = 16
crop_size = 112

model = dict(
    type='TransferRecognizer3D',
    backbone_checkpoint=None,
    freeze_backbone=False,
    cls_head=dict(
        type='I3DHead',
        spatial_type='avg',
        dropout_ratio=0.5,
        init_std=0.01,
        average_clips='prob'),
    data_preprocessor=dict(
        type='ActionDataPreprocessor',
        mean=[123.675, 116.28, 103.53],
        std=[58.395, 57.12, 57.375],
        format_shape='NCTHW'))

train_pipeline = [
    dict(type='DecordOpen'),
    dict(
        type='SampleFrames', clip_len=clip_len, frame_interval=1, num_clips=1),
    dict(type='DecordDecodeOnce'),
    dict(type='Resize', scale=(-1, 128)),
    dict(type='RandomResizedCrop'),
    dict(type='Resize', scale=(crop_size, crop_size), keep_ratio=False),
    dict(type='Flip', flip_ratio=0.5),
    dict(type='FormatShape', input_format='NCTHW'),
    dict(type='PackActionInputs')
]
val_pipeline = [
    dict(type='DecordOpen'),
    dict(
        type='SampleFrames',
        clip_len=clip_len,
        frame_interval=1,
        num_clips=1,
        test_mode=True),
    dict(type='DecordDecodeOnce'),
    dict(type='Resize', scale=(-1, 128)),
    dict(type='CenterCrop', crop_size=crop_size),
    dict(type='FormatShape', input_format='NCTHW'),
    dict(type='PackActionInputs')
]
test_pipeline = [
    dict(type='DecordOpen'),
    dict(
        type='SampleFrames',
        clip_len=clip_len,
        frame_interval=1,
        num_clips=10,
        test_mode=True),
    dict(type='DecordDecodeOnce'),
    dict(type='Resize', scale=(-1, 128)),
    dict(type='CenterCrop', crop_size=crop_size),
    dict(type='FormatShape', input_format='NCTHW'),
    dict(type='PackActionInputs')
]

train_dataloader = dict(
    batch_size=16,
    num_workers=8,
    persistent_workers=True,
    sampler=dict(type='DefaultSampler', shuffle=True),
    dataset=dict(type='VideoDataset', pipeline=train_pipeline))
val_dataloader = dict(
    batch_size=16,
    num_workers=8,
    persistent_workers=True,
    sampler=dict(type='DefaultSampler', shuffle=False),
    dataset=dict(type='VideoDataset', pipeline=val_pipeline, test_mode=True))
test_dataloader = dict(
    batch_size=1,
    num_workers=8,
    persistent_workers=True,
    sampler=dict(type='DefaultSampler', shuffle=False),
    dataset=dict(type='VideoDataset', pipeline=test_pipeline, test_mode=True))

val_evaluator = dict(type='AccMetric')
test_evaluator = val_evaluator

# The validation list of UCF101, HMDB51 and mHMDB51 is their test list, so
# no checkpoint is selected on it: the protocol reports the last epoch.
default_hooks = dict(checkpoint=dict(interval=5))
