# Order (configs/benchmarks/_base_/order.py) on the generated toy dataset on
# a CPU (configs/_base_/toy_cpu.py): clips of two 4-frame sub-clips; the test
# takes the validation's one clip per video.
_base_ = [
    '../../_base_/toy_cpu.py', '../../_base_/datasets/toy.py',
    '../_base_/order.py'
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
