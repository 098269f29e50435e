# TransRank on the generated toy dataset (tools/data/toy), sized for a CPU:
# the slim R3D-18 of the toy protocols (configs/_base_/toy_cpu.py), four
# 8-frame clips at 1x, 2x, 4x and 8x per video, 56x56 crops, batch 4, 12
# epochs of cosine annealing from lr 0.1. Unlike the paper's clip-wise
# augmentation, the clips of a video share their start frame, crop and flip:
# on these small, slow toy shapes (0.2 to 2 pixels per frame at 1x) the
# appearance differences of independent clips drown the speed signal of RGB
# input within a CPU-sized run (held-out rank_acc 27 % after 12 epochs with
# clip-wise augmentation, 40 to 45 % with shared).
# r3d18_toy_rgbdiff.py (frame differences, clip-wise augmentation) learns
# fastest; tools/run_demo.sh pre-trains with it.
_base_ = [
    '../_base_/models/r3d18.py', '../_base_/datasets/pretrain/toy.py',
    '../_base_/datasets/pretrain/loaders.py', './_base_/transrank.py',
    '../_base_/schedules/sgd_cosine_100e.py', '../_base_/default_runtime.py'
]

clip_len = 8
crop_size = 56
speeds = [1, 2, 4, 8]
temporal_transforms = [dict(type='Speed', rate=rate) for rate in speeds]
# The slim R3D-18 of the toy protocols (configs/_base_/toy_cpu.py): 64-d.
model = dict(
    backbone=dict(_base_.backbone, base_channels=8),
    heads=dict(temporal=dict(num_classes=len(speeds), in_channels=64)),
    speediness=dict(rates=speeds))

train_pipeline = [
    dict(type='DecordOpen'),
    dict(type='MultiClipSampler', clip_len=clip_len,
         transforms=temporal_transforms, start_mode='shared'),
    dict(type='DecordDecodeOnce'),
    dict(type='MultiClipRandomResizedCrop', size=crop_size,
         area_range=(0.4, 1.0), scope='video'),
    dict(type='MultiClipFlip', prob=0.5, scope='video'),
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
    dataset=dict(_base_.train_dataset, pipeline=train_pipeline))
val_dataloader = dict(
    num_workers=2, dataset=dict(_base_.val_dataset, pipeline=val_pipeline))
test_dataloader = val_dataloader

train_cfg = dict(max_epochs=12, val_interval=4)
param_scheduler = [
    dict(type='CosineAnnealingLR', T_max=12, eta_min=0, by_epoch=True,
         begin=0, end=12)
]
default_hooks = dict(logger=dict(interval=5))
auto_scale_lr = dict(base_batch_size=4)
