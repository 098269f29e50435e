# Pace Prediction on the generated toy dataset (tools/data/toy), sized for a
# CPU: the slim R3D-18 of the toy protocols (base_channels 8, 64-d output),
# one 8-frame clip per video at pace 1, 2, 3 or 4, 56x56 crops and flips (no
# colour jitter: the toy shapes are flat colours), batch 8, lr 0.05 (the
# public code's 0.01 is for its 180 passes over the list) and x0.1 at 2/3 of
# the 24 epochs. The clip starts where its span fits (start_mode
# 'independent'): a loop back to the first frame would put a jump into many
# clips of the 96-frame toy videos. r3d18_toy_rgbdiff.py is the same on
# frame differences.
#   python tools/train.py configs/pace/r3d18_toy.py
_base_ = [
    '../_base_/models/r3d18.py', '../_base_/datasets/pretrain/toy.py',
    '../_base_/datasets/pretrain/loaders.py', './_base_/pace.py',
    '../_base_/default_runtime.py'
]

clip_len = 8
crop_size = 56
# The slim R3D-18 of the toy protocols (configs/_base_/toy_cpu.py): 64-d.
model = dict(
    backbone=dict(_base_.backbone, base_channels=8),
    heads=dict(pace=dict(in_channels=64)))
projection = dict(in_channels=64, hidden_channels=64, out_channels=64)

clip_sampler = dict(_base_.clip_sampler, clip_len=clip_len)
pack = _base_.pack
train_pipeline = [
    dict(type='DecordOpen'),
    dict(clip_sampler, assign='random', num_clips=1),
    dict(type='DecordDecodeOnce'),
    dict(type='MultiClipRandomResizedCrop', size=crop_size,
         area_range=(0.4, 1.0), scope='clip'),
    dict(type='MultiClipFlip', prob=0.5, scope='clip'), pack
]
val_pipeline = [
    dict(type='DecordOpen'),
    dict(clip_sampler, test_mode=True),
    dict(type='DecordDecodeOnce'),
    dict(type='CenterCrop', crop_size=crop_size), pack
]
train_dataloader = dict(
    batch_size=8,
    num_workers=2,
    dataset=dict(_base_.train_dataset, pipeline=train_pipeline))
val_dataloader = dict(
    num_workers=2, dataset=dict(_base_.val_dataset, pipeline=val_pipeline))
test_dataloader = val_dataloader

optim_wrapper = dict(optimizer=dict(lr=0.05))
train_cfg = dict(max_epochs=24, val_interval=8)
param_scheduler = [
    dict(type='StepLR', step_size=16, gamma=0.1, by_epoch=True, begin=0,
         end=24)
]
default_hooks = dict(logger=dict(interval=5))
auto_scale_lr = dict(base_batch_size=8)
