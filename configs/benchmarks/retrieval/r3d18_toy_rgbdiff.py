# Video retrieval on the toy dataset from frame differences (RGBDiff): 4 clips
# of 9 frames turned into 8 differences, centre crop 56, normalised like
# configs/transrank/r3d18_toy_rgbdiff.py (r3d18_toy_fused.py adds the RGB +
# RGBDiff fusion):
#   python tools/test.py configs/benchmarks/retrieval/r3d18_toy_rgbdiff.py \
#       --cfg-options model.backbone_checkpoint=DIFF.pth
_base_ = ['./r3d18_toy_rgb.py']

model = dict(data_preprocessor=dict(mean=[128.0] * 3, std=[64.0] * 3))

diff_view = dict(type='FrameDiffView', mode='replace', length='shrink')
# The toy RGB pipeline with 9 frames per clip turned into 8 differences before
# FormatShape and PackActionInputs.
diff_pipeline = [
    _base_.toy_pipeline[0],
    dict(_base_.toy_pipeline[1], clip_len=9),
    *_base_.toy_pipeline[2:-2], diff_view, *_base_.toy_pipeline[-2:]
]
test_dataloader = dict(dataset=dict(pipeline=diff_pipeline))
test_cfg = dict(
    modality='rgbdiff',
    gallery_dataloader=dict(dataset=dict(pipeline=diff_pipeline)))
test_evaluator = dict(type='RetrievalMetric', modalities=['rgbdiff'])
