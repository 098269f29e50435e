# Synchronisation (Sync, configs/benchmarks/_base_/sync.py) on UCF101 split 1
# videos with a frozen R3D-18: the pipelines of the dataset base with a pair
# of 16-frame clips in place of each clip; the test takes the validation's
# one pair per video.
_base_ = [
    '../../_base_/models/r3d18.py', '../../_base_/datasets/ucf101.py',
    '../_base_/sync.py', '../_base_/table11.py'
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
