# Loaders of the downstream recognition protocols on a CPU, for the toy
# dataset (tools/data/toy: 64x64 frames): 8 videos per batch (test: 1), 2
# workers. Clips of 8 frames cropped to 56x56 straight from the frames (no
# short-side resize): training takes a random resized crop of 40-100 % of the
# area and a flip, validation one centre-cropped clip per video, testing 10
# uniformly spaced ones. configs/_base_/datasets/toy.py puts the toy lists
# into the loaders.
train_dataloader = dict(
    batch_size=8,
    num_workers=2,
    persistent_workers=True,
    sampler=dict(type='DefaultSampler', shuffle=True),
    dataset=dict(pipeline=[
        dict(type='DecordOpen'),
        dict(type='SampleFrames', clip_len=8, frame_interval=1, num_clips=1),
        dict(type='DecordDecodeOnce'),
        dict(type='RandomResizedCrop', area_range=(0.4, 1.0)),
        dict(type='Resize', scale=(56, 56), keep_ratio=False),
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
                type='SampleFrames', clip_len=8, frame_interval=1,
                num_clips=1, test_mode=True),
            dict(type='DecordDecodeOnce'),
            dict(type='CenterCrop', crop_size=56),
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

# The same clips as frame differences (RGBDiff), for the toy configs of
# backbones pre-trained on them: each clip samples one frame more, and its
# frames are replaced by their differences (after the spatial augmentation,
# just before FormatShape).
diff_view = dict(type='FrameDiffView', mode='replace', length='shrink')
diff_pipelines = {
    split: [
        new_step for step in loader['dataset']['pipeline']
        for new_step in (
            [dict(step, clip_len=step['clip_len'] + 1)]
            if step['type'] == 'SampleFrames' else [diff_view, step]
            if step['type'] == 'FormatShape' else [step])
    ]
    for split, loader in (('train', train_dataloader),
                          ('val', val_dataloader), ('test', test_dataloader))
}
