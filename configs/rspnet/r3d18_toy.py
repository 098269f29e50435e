# RSPNet on the generated toy dataset (tools/data/toy), sized for a CPU: a
# slim R3D-18 (base_channels 8, 64-d output), 8-frame clips at 1x and 2x
# (two windows of 16 frames), 56x56 clip-wise crops and flips (no colour
# jitter: the toy shapes are flat colours), 64-d projections, batch 4, 12
# epochs. lr 0.01: the paper's 0.1 is for batch 64 (0.1 at batch 4 let the
# A-VID embeddings collapse on frame differences). The key encoder follows
# with m = 0.99 instead of 0.999 (300 steps in all; at 0.999 it would keep
# 74 % of its random initialisation) and the queue holds 64 keys (fewer than
# the 100 training videos, so a video's own older keys are rarely its
# negatives). On RGB the slim model learns A-VID (held-out top-1 about 80 %)
# but not the speed (RSP near 50 %); r3d18_toy_rgbdiff.py learns both.
#   python tools/train.py configs/rspnet/r3d18_toy.py
#   bash tools/dist_train.sh configs/rspnet/r3d18_toy.py 2   # gloo on CPU
_base_ = [
    '../_base_/models/r3d18.py', '../_base_/datasets/pretrain/toy.py',
    './_base_/rspnet.py'
]

clip_len = 8
crop_size = 56
projection = dict(in_channels=64, out_channels=64)

model = dict(
    backbone=dict(_base_.backbone, base_channels=8),
    momentum=0.99,
    heads=dict(
        rsp=dict(projection=projection),
        avid=dict(projection=projection, queue_size=64)))

# The method's pipelines without the short-side resize and the colour
# augmentations, at 8 frames and 56x56.
clip_sampler = dict(_base_.clip_sampler, clip_len=clip_len)
train_pipeline = [
    clip_sampler if step.type == 'MultiClipSampler' else
    dict(step, size=crop_size)
    if step.type == 'MultiClipRandomResizedCrop' else step
    for step in _base_.train_pipeline if step.type not in (
        'Resize', 'MultiClipColorJitter', 'MultiClipRandomGrayscale')
]
val_pipeline = [
    dict(step, clip_len=clip_len) if step.type == 'MultiClipSampler' else
    dict(step, crop_size=crop_size) if step.type == 'CenterCrop' else step
    for step in _base_.val_pipeline if step.type != 'Resize'
]

train_dataloader = dict(
    batch_size=4,
    num_workers=2,
    dataset=dict(_base_.train_dataset, pipeline=train_pipeline))
val_dataloader = test_dataloader = dict(
    num_workers=2, dataset=dict(_base_.val_dataset, pipeline=val_pipeline))

optim_wrapper = dict(optimizer=dict(lr=0.01))
train_cfg = dict(max_epochs=12, val_interval=4)
param_scheduler = [
    dict(type='CosineAnnealingLR', T_max=12, eta_min_ratio=1e-3,
         by_epoch=True, begin=0, end=12)
]
default_hooks = dict(logger=dict(interval=5))
auto_scale_lr = dict(base_batch_size=4)
