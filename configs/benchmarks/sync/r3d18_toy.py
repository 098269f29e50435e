# Sync (configs/benchmarks/_base_/sync.py) on the generated toy dataset on a
# CPU (configs/_base_/toy_cpu.py): pairs of 8-frame clips, offset by 2, 4 or
# 6 frames; the test takes the validation's one pair per video.
_base_ = [
    '../../_base_/toy_cpu.py', '../../_base_/datasets/toy.py',
    '../_base_/sync.py'
]

model = dict(
    backbone=_base_.backbone, cls_head=dict(in_channels=_base_.feat_dim))
train_dataloader = dict(
    dataset=dict(pipeline=[
        dict(type='SyncPairSampler', clip_len=step.clip_len)
        if step.type == 'SampleFrames' else step
        for step in _base_.train_dataloader.dataset.pipeline
    ]))
val_dataloader = dict(
    dataset=dict(pipeline=[
        dict(
            type='SyncPairSampler', clip_len=step.clip_len,
            test_mode=True) if step.type == 'SampleFrames' else step
        for step in _base_.val_dataloader.dataset.pipeline
    ]))
test_dataloader = dict(
    batch_size=_base_.val_dataloader.batch_size,
    dataset=val_dataloader['dataset'])
