# Loaders of the downstream recognition protocols at full scale (TransRank
# appendix A.2, Table 11): 16 videos per GPU (batch 128 on 8 GPUs), 8 workers
# each. Clips of 16 frames from videos resized to a short side of 128:
# training takes a random resized crop to 112x112 and a flip, validation one
# centre-cropped clip per video, testing 10 uniformly spaced ones (batch 1;
# the model averages their softmax scores). A dataset base inheriting this
# file puts its annotation lists, videos and classes into the loaders; a
# protocol may replace steps by type (the sampler of Sync and Order, the
# flip of Something-Something).
train_dataloader = dict(
    batch_size=16,
    num_workers=8,
    persistent_workers=True,
    sampler=dict(type='DefaultSampler', shuffle=True),
    dataset=dict(pipeline=[
        dict(type='DecordOpen'),
        dict(type='SampleFrames', clip_len=16, frame_interval=1, num_clips=1),
        dict(type='DecordDecodeOnce'),
        dict(type='Resize', scale=(-1, 128)),
        dict(type='RandomResizedCrop'),
        dict(type='Resize', scale=(112, 112), keep_ratio=False),
        dict(type='Flip', flip_ratio=0.5),
        dict(type='FormatShape', input_format='NCTHW'),
        dict(type='PackActionInputs')
    ]))
val_dataloader = dict(
    train_dataloader,
    sampler=dict(type='DefaultSampler', shuffle=False),
    dataset=dict(
        test_mode=True,
        pipeline=[
            dict(type='DecordOpen'),
            dict(
                type='SampleFrames', clip_len=16, frame_interval=1,
                num_clips=1, test_mode=True),
            dict(type='DecordDecodeOnce'),
            dict(type='Resize', scale=(-1, 128)),
            dict(type='CenterCrop', crop_size=112),
            dict(type='FormatShape', input_format='NCTHW'),
            dict(type='PackActionInputs')
        ]))
test_dataloader = dict(
    val_dataloader,
    batch_size=1,
    dataset=dict(
        val_dataloader['dataset'],
        pipeline=[
            dict(step, num_clips=10) if step['type'] == 'SampleFrames' else
            step for step in val_dataloader['dataset']['pipeline']
        ]))
