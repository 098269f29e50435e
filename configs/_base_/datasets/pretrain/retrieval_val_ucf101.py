# Retrieval during pre-training on UCF101 split 1 (RetrievalValLoop): at
# every validation the 3,783 test videos query the 9,537 training videos by
# the cosine similarity of their backbone features, R@1, 5, 10, 20, 50, with
# the protocol of configs/benchmarks/retrieval/r3d18_ucf101_{rgb,rgbdiff}.py
# (10 centre-cropped clips of 16 frames at 112x112 per video, short side 128,
# spatial max pooling) and the model's own data preprocessor. A pre-training
# leaf adds this file to its _base_ and binds the loop of its input (MMEngine
# refuses a key defined by two bases, and the schedule bases define val_cfg):
#   val_cfg = _base_.retrieval_val['rgb']    # or ['rgbdiff'] on differences
# A method without a pretext metric also sets val_evaluator = [] (the
# val_dataloader is not read then). The metrics are
# retrieval/<modality>/R@k, for watching the training only: UCF101's
# validation list is its test list, so do not select checkpoints on them
# (no CheckpointHook save_best).
retrieval_val_pipelines = dict(rgb=[
    dict(type='DecordOpen'),
    dict(type='SampleFrames', clip_len=16, frame_interval=1, num_clips=10,
         test_mode=True),
    dict(type='DecordDecodeOnce'),
    dict(type='Resize', scale=(-1, 128)),
    dict(type='CenterCrop', crop_size=112),
    dict(type='FormatShape', input_format='NCTHW'),
    dict(type='PackActionInputs')
])
# Frame differences: one frame more per clip, differenced before formatting.
retrieval_val_pipelines['rgbdiff'] = [
    new_step for step in retrieval_val_pipelines['rgb'] for new_step in (
        [dict(step, clip_len=17)] if step['type'] == 'SampleFrames' else [
            dict(type='FrameDiffView', mode='replace', length='shrink'), step
        ] if step['type'] == 'FormatShape' else [step])
]
retrieval_val = {
    modality: dict(
        type='RetrievalValLoop',
        modality=modality,
        topk=(1, 5, 10, 20, 50),
        spatial_pool='max',
        **{
            f'{split}_dataloader': dict(
                batch_size=8,
                num_workers=4,
                persistent_workers=False,
                sampler=dict(type='DefaultSampler', shuffle=False),
                dataset=dict(
                    type='RobustVideoDataset',
                    ann_file=f'data/ucf101/ucf101_{split_name}_split_1_'
                    'videos.txt',
                    data_prefix=dict(video='data/ucf101/videos'),
                    test_mode=True,
                    pipeline=pipeline))
            for split, split_name in (('query', 'val'), ('gallery', 'train'))
        })
    for modality, pipeline in retrieval_val_pipelines.items()
}
