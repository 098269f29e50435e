# Video retrieval on the toy dataset from frame differences (RGBDiff): 4 clips
# of 9 frames turned into 8 differences, centre crop 56, normalised like
# configs/transrank/r3d18_toy_rgbdiff.py (r3d18_toy_fused.py adds the RGB +
# RGBDiff fusion):
#   python tools/test.py configs/benchmarks/retrieval/r3d18_toy_rgbdiff.py \
#       --cfg-options model.backbone_checkpoint=DIFF.pth
_base_ = ['./r3d18_toy_rgb.py']

model = dict(data_preprocessor=dict(mean=[128.0] * 3, std=[64.0] * 3))

diff_pipeline = [
    dict(type='DecordOpen'),
    dict(type='SampleFrames', clip_len=9, frame_interval=1, num_clips=4,
         test_mode=True),
    dict(type='DecordDecodeOnce'),
    dict(type='CenterCrop', crop_size=56),
    dict(type='FrameDiffView', mode='replace', length='shrink'),
    dict(type='FormatShape', input_format='NCTHW'),
    dict(type='PackActionInputs')
]
test_dataloader = dict(dataset=dict(pipeline=diff_pipeline))
test_cfg = dict(
    modality='rgbdiff',
    gallery_dataloader=dict(dataset=dict(pipeline=diff_pipeline)))
test_evaluator = dict(type='RetrievalMetric', modalities=['rgbdiff'])
