# Video retrieval, UCF101 split 1, RGB (RSPNet supplement / TransRank
# appendix): test videos query train videos; 10 uniform 16-frame clips per
# video, centre crop 112, last-stage features max-pooled over space (RSPNet;
# 'avg' is the other choice), averaged over time and clips; cosine
# similarity; R@1, 5, 10, 20, 50. Features are cached in feature_dir.
#   python tools/test.py configs/benchmarks/retrieval/r3d18_ucf101_rgb.py \
#       --cfg-options model.backbone_checkpoint=PRE.pth
_base_ = [
    '../../_base_/models/r3d18.py', '../../_base_/datasets/ucf101.py',
    '../../_base_/default_runtime.py'
]

model = dict(
    type='VideoFeatureExtractor',
    backbone={{_base_.backbone}},
    spatial_pool='max',
    backbone_checkpoint=None,
    data_preprocessor=dict(
        type='ActionDataPreprocessor',
        mean=[123.675, 116.28, 103.53],
        std=[58.395, 57.12, 57.375],
        format_shape='NCTHW'))

pipeline = [
    dict(type='DecordOpen'),
    dict(type='SampleFrames', clip_len=16, frame_interval=1, num_clips=10,
         test_mode=True),
    dict(type='DecordDecodeOnce'),
    dict(type='Resize', scale=(-1, 128)),
    dict(type='CenterCrop', crop_size=112),
    dict(type='FormatShape', input_format='NCTHW'),
    dict(type='PackActionInputs')
]
test_dataloader = dict(
    batch_size=8,
    num_workers=4,
    sampler=dict(type='DefaultSampler', shuffle=False),
    dataset=dict(
        type={{_base_.dataset_type}},
        ann_file={{_base_.ann_file_test}},
        data_prefix=dict(video={{_base_.data_root_val}}),
        pipeline=pipeline,
        test_mode=True))
test_cfg = dict(
    type='RetrievalTestLoop',
    modality='rgb',
    gallery_dataloader=dict(
        batch_size=8,
        num_workers=4,
        sampler=dict(type='DefaultSampler', shuffle=False),
        dataset=dict(
            type={{_base_.dataset_type}},
            ann_file={{_base_.ann_file_train}},
            data_prefix=dict(video={{_base_.data_root}}),
            pipeline=pipeline,
            test_mode=True)))
test_evaluator = dict(type='RetrievalMetric', modalities=['rgb'])
