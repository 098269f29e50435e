# Synchronisation (Sync, TransRank appendix A.1): two overlapping 16-frame
# clips a, b of a video, offset by one of 7 patterns {-3/4, ..., +3/4} of
# the clip length (SyncPairSampler); the frozen backbone gives res4
# features psi(a), psi(b), globally average pooled, and a 2-layer MLP
# (hidden 512) classifies psi(a) - psi(b). Only the MLP is trained, with
# the Table 11 hyper-parameters (batch 128 = 16 per GPU x 8 GPUs, SGD
# momentum 0.9, weight decay 1e-4, 100 epochs, lr x0.1 at epochs 60 and
# 80, initial lr swept by tools/lr_sweep.py). Validation and test are
# deterministic: video i gets pattern i % 7, the pair centred in the video;
# top-1 accuracy.
#
# A leaf config inherits a model base, a dataset base (for its videos; its
# labels are not used) and this file, and binds model.backbone, the head's
# in_channels and the dataloaders' ann_file and data_prefix. The pre-trained
# weights come from model.backbone_checkpoint, e.g.
#   python tools/train.py CONFIG --cfg-options model.backbone_checkpoint=PTH
_base_ = ['./frozen_mlp_probe.py']

clip_len = 16
crop_size = 112

model = dict(type='ClipPairRecognizer', cls_head=dict(num_classes=7))

# Spatial augmentations act on all frames alike: both clips get the same
# crop and flip, so only time tells them apart.
train_pipeline = [
    dict(type='DecordOpen'),
    dict(type='SyncPairSampler', clip_len=clip_len),
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
    dict(type='SyncPairSampler', clip_len=clip_len, test_mode=True),
    dict(type='DecordDecodeOnce'),
    dict(type='Resize', scale=(-1, 128)),
    dict(type='CenterCrop', crop_size=crop_size),
    dict(type='FormatShape', input_format='NCTHW'),
    dict(type='PackActionInputs')
]
test_pipeline = val_pipeline

train_dataloader = dict(dataset=dict(pipeline=train_pipeline))
val_dataloader = dict(dataset=dict(pipeline=val_pipeline))
test_dataloader = dict(dataset=dict(pipeline=test_pipeline))
