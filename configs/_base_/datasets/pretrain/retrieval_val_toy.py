# Retrieval during pre-training on the toy dataset (RetrievalValLoop): at
# every validation the 40 val videos query the 100 training videos by the
# cosine similarity of their backbone features, R@1, 5, 10, with the clips of
# configs/benchmarks/retrieval/r3d18_toy_{rgb,rgbdiff}.py (4 centre-cropped
# clips of 8 frames at 56x56 per video, average-pooled) and the model's own
# data preprocessor. A pre-training leaf adds this file to its _base_ and
# binds the loop of its input (MMEngine refuses a key defined by two bases,
# and the schedule bases define val_cfg):
#   val_cfg = _base_.retrieval_val['rgb']    # or ['rgbdiff'] on differences
# A method without a pretext metric also sets val_evaluator = [] (MMEngine
# needs val_dataloader, val_cfg and val_evaluator together; the loader is not
# read then). The metrics are retrieval/<modality>/R@k. The toy tables report
# on these 40 val videos, so a checkpoint chosen by
# CheckpointHook(save_best='retrieval/rgb/R@1') must not be reported there.
retrieval_val_pipelines = dict(rgb=[
    dict(type='DecordOpen'),
    dict(type='SampleFrames', clip_len=8, frame_interval=1, num_clips=4,
         test_mode=True),
    dict(type='DecordDecodeOnce'),
    dict(type='CenterCrop', crop_size=56),
    dict(type='FormatShape', input_format='NCTHW'),
    dict(type='PackActionInputs')
])
# Frame differences: one frame more per clip, differenced before formatting.
retrieval_val_pipelines['rgbdiff'] = [
    new_step for step in retrieval_val_pipelines['rgb'] for new_step in (
        [dict(step, clip_len=9)] if step['type'] == 'SampleFrames' else [
            dict(type='FrameDiffView', mode='replace', length='shrink'), step
        ] if step['type'] == 'FormatShape' else [step])
]
retrieval_val = {
    modality: dict(
        type='RetrievalValLoop',
        modality=modality,
        topk=(1, 5, 10),
        spatial_pool='avg',
        **{
            f'{split}_dataloader': dict(
                batch_size=8,
                num_workers=2,
                persistent_workers=False,
                sampler=dict(type='DefaultSampler', shuffle=False),
                dataset=dict(
                    type='RobustVideoDataset',
                    ann_file=f'data/toy/{ann}.txt',
                    data_prefix=dict(video='data/toy/videos'),
                    test_mode=True,
                    pipeline=pipeline))
            for split, ann in (('query', 'val'), ('gallery', 'train'))
        })
    for modality, pipeline in retrieval_val_pipelines.items()
}
