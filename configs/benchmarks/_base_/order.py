# Temporal order prediction (Order, TransRank appendix A.1): one 16-frame
# clip made of two non-overlapping 8-frame sub-clips x1 (earlier) and x2 of
# a video, as (x1, x2) for class 0 "before" or (x2, x1) for class 1 "after"
# (TemporalOrderSampler); a 2-layer MLP (hidden 512) classifies the frozen
# backbone's res4 feature, globally average pooled. Only the MLP is
# trained, with the Table 11 hyper-parameters (batch 128 = 16 per GPU x 8
# GPUs, SGD momentum 0.9, weight decay 1e-4, 100 epochs, lr x0.1 at epochs
# 60 and 80, initial lr swept by tools/lr_sweep.py). Validation and test are
# deterministic: video i gets class i % 2, the sub-clips evenly spaced;
# top-1 accuracy.
#
# A leaf config inherits a model base, a dataset base (for its videos; its
# labels are not used) and this file, and binds model.backbone, the head's
# in_channels and the dataloaders' ann_file and data_prefix. The pre-trained
# weights come from model.backbone_checkpoint, e.g.
#   python tools/train.py CONFIG --cfg-options model.backbone_checkpoint=PTH
_base_ = [
    '../../_base_/schedules/sgd_multistep_100e.py',
    '../../_base_/default_runtime.py'
]

sub_clip_len = 8
crop_size = 112

model = dict(
    type='TransferRecognizer3D',
    backbone_checkpoint=None,
    freeze_backbone=True,
    cls_head=dict(
        type='MLPClsHead',
        num_classes=2,
        hidden_channels=512,
        dropout_ratio=0.5,
        topk=(1, ),
        average_clips='prob'),
    data_preprocessor=dict(
        type='ActionDataPreprocessor',
        mean=[123.675, 116.28, 103.53],
        std=[58.395, 57.12, 57.375],
        format_shape='NCTHW'))

train_pipeline = [
    dict(type='DecordOpen'),
    dict(type='TemporalOrderSampler', sub_clip_len=sub_clip_len),
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
        type='TemporalOrderSampler', sub_clip_len=sub_clip_len,
        test_mode=True),
    dict(type='DecordDecodeOnce'),
    dict(type='Resize', scale=(-1, 128)),
    dict(type='CenterCrop', crop_size=crop_size),
    dict(type='FormatShape', input_format='NCTHW'),
    dict(type='PackActionInputs')
]
test_pipeline = val_pipeline

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
    batch_size=16,
    num_workers=8,
    persistent_workers=True,
    sampler=dict(type='DefaultSampler', shuffle=False),
    dataset=dict(type='VideoDataset', pipeline=test_pipeline, test_mode=True))

val_evaluator = dict(
    type='AccMetric', metric_options=dict(top_k_accuracy=dict(topk=(1, ))))
test_evaluator = val_evaluator

default_hooks = dict(
    checkpoint=dict(interval=5, save_best='acc/top1', rule='greater'))
