# Temporal order prediction (Order, configs/benchmarks/_base_/order.py) on
# UCF101 split 1 videos with a frozen R3D-18: the pipelines of the dataset
# base with a clip of two 8-frame sub-clips in place of each clip; the test
# takes the validation's one clip per video.
_base_ = [
    '../../_base_/models/r3d18.py', '../../_base_/datasets/ucf101.py',
    '../_base_/order.py', '../_base_/table11.py'
]

model = dict(
    backbone=_base_.backbone, cls_head=dict(in_channels=_base_.feat_dim))
train_dataloader = dict(
    dataset=dict(pipeline=[
        dict(type='TemporalOrderSampler', sub_clip_len=step.clip_len // 2)
        if step.type == 'SampleFrames' else step
        for step in _base_.train_dataloader.dataset.pipeline
    ]))
val_dataloader = dict(
    dataset=dict(pipeline=[
        dict(
            type='TemporalOrderSampler',
            sub_clip_len=step.clip_len // 2,
            test_mode=True) if step.type == 'SampleFrames' else step
        for step in _base_.val_dataloader.dataset.pipeline
    ]))
test_dataloader = dict(
    batch_size=_base_.val_dataloader.batch_size,
    dataset=val_dataloader['dataset'])
