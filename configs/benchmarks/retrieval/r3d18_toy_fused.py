# Toy retrieval on RGBDiff plus the RGB + RGBDiff fusion (mean of the two
# cosine similarity matrices). Run the RGB config first with the same work
# dir, so that its features are in work_dirs/ret/features:
#   python tools/test.py configs/benchmarks/retrieval/r3d18_toy_rgb.py \
#       --work-dir work_dirs/ret --cfg-options model.backbone_checkpoint=RGB.pth
#   python tools/test.py configs/benchmarks/retrieval/r3d18_toy_fused.py \
#       --work-dir work_dirs/ret --cfg-options model.backbone_checkpoint=DIFF.pth
_base_ = ['./r3d18_toy_rgbdiff.py']

test_evaluator = [
    dict(type='RetrievalMetric', modalities=['rgbdiff']),
    dict(type='RetrievalMetric', modalities=['rgb', 'rgbdiff'])
]
