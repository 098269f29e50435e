# Toy retrieval on RGBDiff plus the RGB + RGBDiff fusion (mean of the two
# cosine similarity matrices): r3d18_toy_rgbdiff.py with the fused metric.
# Run the RGB config first with the same work dir, so that its features are
# in work_dirs/ret/features:
#   python tools/test.py configs/benchmarks/retrieval/r3d18_toy_rgb.py \
#       --work-dir work_dirs/ret --cfg-options model.backbone_checkpoint=RGB.pth
#   python tools/test.py configs/benchmarks/retrieval/r3d18_toy_fused.py \
#       --work-dir work_dirs/ret --cfg-options model.backbone_checkpoint=DIFF.pth
_base_ = ['./r3d18_toy_rgb.py']

model = dict(data_preprocessor=dict(mean=[128.0] * 3, std=[64.0] * 3))
test_dataloader = dict(dataset=dict(pipeline=_base_.pipelines['rgbdiff']))
test_cfg = dict(modality='rgbdiff', gallery_dataloader=dict(
    dataset=dict(pipeline=_base_.pipelines['rgbdiff'])))
test_evaluator = [
    dict(type='RetrievalMetric', modalities=['rgbdiff']),
    dict(type='RetrievalMetric', modalities=['rgb', 'rgbdiff'])
]
