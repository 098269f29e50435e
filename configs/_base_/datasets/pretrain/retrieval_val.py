# Retrieval during pre-training (RetrievalValLoop): at every validation the
# held-out videos of a dataset query its training videos by the cosine
# similarity of their backbone features, through the model's own data
# preprocessor, with the clips and pooling of the dataset's retrieval
# benchmark (configs/benchmarks/retrieval/r3d18_<dataset>_{rgb,rgbdiff}.py):
#   toy: the 40 val videos query the 100 training videos, R@1, 5, 10; 4
#     centre-cropped clips of 8 frames at 56x56 per video, average-pooled.
#   ucf101 (split 1): the 3,783 test videos query the 9,537 training videos,
#     R@1, 5, 10, 20, 50; 10 centre-cropped clips of 16 frames at 112x112
#     from a short side of 128 per video, max-pooled.
# On frame differences (rgbdiff) each clip samples one frame more, and its
# differences replace the frames before formatting. A pre-training leaf adds
# this file to its _base_ and binds the loop of its dataset and input
# (MMEngine refuses a key defined by two bases, and the pre-training loaders
# define val_cfg):
#   val_cfg = _base_.retrieval_val['toy']['rgb']    # or ['rgbdiff']
# A method without a pretext metric also sets val_evaluator = [] (MMEngine
# needs val_dataloader, val_cfg and val_evaluator together; the loader is not
# read then). The metrics are retrieval/<modality>/R@k. The queries are the
# split the toy and UCF101 tables report on, so a checkpoint chosen by
# CheckpointHook(save_best='retrieval/rgb/R@1') must not be reported there.
retrieval_val_data = dict(
    toy=dict(
        lists='data/toy/{}.txt',
        videos='data/toy/videos',
        clip=dict(clip_len=8, frame_interval=1, num_clips=4),
        resize=[],
        crop_size=56,
        topk=(1, 5, 10),
        spatial_pool='avg',
        num_workers=2),
    ucf101=dict(
        lists='data/ucf101/ucf101_{}_split_1_videos.txt',
        videos='data/ucf101/videos',
        clip=dict(clip_len=16, frame_interval=1, num_clips=10),
        resize=[dict(type='Resize', scale=(-1, 128))],
        crop_size=112,
        topk=(1, 5, 10, 20, 50),
        spatial_pool='max',
        num_workers=4))
retrieval_val_rgb = {
    name: [
        dict(type='DecordOpen'),
        dict(type='SampleFrames', **data['clip'], test_mode=True),
        dict(type='DecordDecodeOnce'), *data['resize'],
        dict(type='CenterCrop', crop_size=data['crop_size']),
        dict(type='FormatShape', input_format='NCTHW'),
        dict(type='PackActionInputs')
    ]
    for name, data in retrieval_val_data.items()
}
diff_view = dict(type='FrameDiffView', mode='replace', length='shrink')
retrieval_val_pipelines = {
    name: dict(
        rgb=pipeline,
        rgbdiff=[
            new_step for step in pipeline for new_step in (
                [dict(step, clip_len=step['clip_len'] + 1)]
                if step['type'] == 'SampleFrames' else [diff_view, step]
                if step['type'] == 'FormatShape' else [step])
        ])
    for name, pipeline in retrieval_val_rgb.items()
}
retrieval_val = {
    name: {
        modality: dict(
            type='RetrievalValLoop',
            modality=modality,
            topk=data['topk'],
            spatial_pool=data['spatial_pool'],
            **{
                f'{split}_dataloader': dict(
                    batch_size=8,
                    num_workers=data['num_workers'],
                    persistent_workers=False,
                    sampler=dict(type='DefaultSampler', shuffle=False),
                    dataset=dict(
                        type='RobustVideoDataset',
                        ann_file=data['lists'].format(list_split),
                        data_prefix=dict(video=data['videos']),
                        test_mode=True,
                        pipeline=pipeline))
                for split, list_split in (('query', 'val'), ('gallery',
                                                             'train'))
            })
        for modality, pipeline in retrieval_val_pipelines[name].items()
    }
    for name, data in retrieval_val_data.items()
}
