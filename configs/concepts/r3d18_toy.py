# Static and Dynamic Concepts on the generated toy dataset (tools/data/toy),
# sized for a CPU: the slim R3D-18 of the toy protocols (base_channels 8,
# 64-d output, map 64 x 1 x 7 x 7 for 8-frame 56x56 clips), two adjacent
# 8-frame clips per video with their static and difference views, 8 static
# and 8 dynamic concepts, top-2 valid concepts, L_loc from epoch 3, queues of
# 64 codes (fewer than the 200 clips of a kind per epoch), 64-d contrast
# projections with the 7 other videos of the batch as negatives, batch 8, 12
# epochs of Adam lr 1e-3 (x0.1 at epochs 8 and 10). No colour jitter,
# grayscale or blur: the toy shapes and backgrounds are flat colours, and
# per-clip jitter leaves little to tell videos apart (with it, and queued
# negatives, the instance contrast stayed at chance and the codes collapsed
# to uniform). Validation: kNN retrieval of the 40 val videos among the 100
# training videos (retrieval_val.py) every 4 epochs.
#   python tools/train.py configs/concepts/r3d18_toy.py
_base_ = [
    '../_base_/models/r3d18.py', '../_base_/datasets/pretrain/toy.py',
    '../_base_/datasets/pretrain/loaders.py', './_base_/concepts.py',
    '../_base_/default_runtime.py',
    '../_base_/datasets/pretrain/retrieval_val.py'
]

clip_len = 8
crop_size = 56
channels = 64
num_concepts = 8

model = dict(
    backbone=dict(_base_.backbone, base_channels=8),
    concept_head=dict(
        in_channels=channels, num_static=num_concepts,
        num_dynamic=num_concepts, decoder_hidden=channels),
    local_attention=dict(in_channels=channels, embed_dims=channels),
    contrast_head=dict(
        in_channels=channels, hidden_channels=channels, out_channels=64),
    top_k=2,
    loc_start_epoch=3,
    code_queue_size=64)

train_pipeline = [
    dict(step, clip_len=clip_len) if step.type == 'MultiClipSampler' else
    dict(step, size=crop_size)
    if step.type == 'MultiClipRandomResizedCrop' else step
    for step in _base_.train_pipeline if step.type not in (
        'Resize', 'MultiClipColorJitter', 'MultiClipRandomGrayscale',
        'MultiClipGaussianBlur')
]
train_dataloader = dict(
    batch_size=8,
    num_workers=2,
    persistent_workers=False,
    dataset=dict(_base_.train_dataset, pipeline=train_pipeline))
# Built but not read: the method has no pretext metric (val_evaluator = []).
val_dataloader = dict(
    num_workers=0,
    persistent_workers=False,
    dataset=dict(_base_.val_dataset, pipeline=train_pipeline))
val_evaluator = []
val_cfg = _base_.retrieval_val['toy']['rgb']
# tools/test.py CONFIG CHECKPOINT: the same retrieval, once.
test_dataloader, test_evaluator, test_cfg = val_dataloader, [], val_cfg

train_cfg = dict(max_epochs=12, val_interval=4)
param_scheduler = [
    dict(type='MultiStepLR', begin=0, end=12, by_epoch=True,
         milestones=[8, 10], gamma=0.1)
]
default_hooks = dict(logger=dict(interval=5), checkpoint=dict(interval=4))
randomness = dict(seed=0)
