# Video retrieval on the toy dataset from frame differences (RGBDiff): the 4
# clips of r3d18_toy_rgb.py, of 9 frames turned into 8 differences,
# normalised like configs/transrank/r3d18_toy_rgbdiff.py (r3d18_toy_fused.py
# adds the RGB + RGBDiff fusion):
#   python tools/test.py configs/benchmarks/retrieval/r3d18_toy_rgbdiff.py \
#       --cfg-options model.backbone_checkpoint=DIFF.pth
_base_ = ['./r3d18_toy_rgb.py']

model = dict(data_preprocessor=dict(mean=[128.0] * 3, std=[64.0] * 3))
test_dataloader = dict(dataset=dict(pipeline=_base_.pipelines['rgbdiff']))
test_cfg = dict(modality='rgbdiff', gallery_dataloader=dict(
    dataset=dict(pipeline=_base_.pipelines['rgbdiff'])))
test_evaluator = dict(type='RetrievalMetric', modalities=['rgbdiff'])
