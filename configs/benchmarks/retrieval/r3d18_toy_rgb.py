# Video retrieval on the toy dataset (val videos query train videos), sized
# for a CPU: the slim R3D-18 of configs/transrank/r3d18_toy.py, 4 clips of 8
# frames, centre crop 56.
#   python tools/test.py configs/benchmarks/retrieval/r3d18_toy_rgb.py \
#       --cfg-options model.backbone_checkpoint=work_dirs/demo/pretrain/epoch_12.pth
_base_ = ['./r3d18_ucf101_rgb.py']

model = dict(backbone=dict(base_channels=8), spatial_pool='avg')
toy_pipeline = [
    dict(type='DecordOpen'),
    dict(type='SampleFrames', clip_len=8, frame_interval=1, num_clips=4,
         test_mode=True),
    dict(type='DecordDecodeOnce'),
    dict(type='CenterCrop', crop_size=56),
    dict(type='FormatShape', input_format='NCTHW'),
    dict(type='PackActionInputs')
]
toy = dict(videos='data/toy/videos', train='data/toy/train.txt',
           val='data/toy/val.txt')
test_dataloader = dict(
    num_workers=2,
    dataset=dict(ann_file=toy['val'], data_prefix=dict(video=toy['videos']),
                 pipeline=toy_pipeline))
test_cfg = dict(
    gallery_dataloader=dict(
        num_workers=2,
        dataset=dict(ann_file=toy['train'],
                     data_prefix=dict(video=toy['videos']),
                     pipeline=toy_pipeline)))
