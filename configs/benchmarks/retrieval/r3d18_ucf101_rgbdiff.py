# Video retrieval on RGBDiff (frame differences of 17 sampled frames), and the
# RGB + RGBDiff fusion (mean of the two cosine similarity matrices, TransRank
# appendix Table 12). Run the RGB config first with the same feature_dir:
#   python tools/test.py configs/benchmarks/retrieval/r3d18_ucf101_rgb.py \
#       --work-dir work_dirs/ret --cfg-options model.backbone_checkpoint=RGB.pth
#   python tools/test.py configs/benchmarks/retrieval/r3d18_ucf101_rgbdiff.py \
#       --work-dir work_dirs/ret --cfg-options model.backbone_checkpoint=DIFF.pth
_base_ = ['./r3d18_ucf101_rgb.py']

model = dict(data_preprocessor=dict(mean=[128.0] * 3, std=[64.0] * 3))
# The RGB test pipeline with one more frame per clip, whose differences
# replace the frames just before FormatShape.
diff_view = dict(type='FrameDiffView', mode='replace', length='shrink')
diff_pipeline = [
    new_step for step in _base_.test_dataloader.dataset.pipeline
    for new_step in (
        [dict(step, clip_len=step.clip_len + 1)]
        if step.type == 'SampleFrames' else
        [diff_view, step] if step.type == 'FormatShape' else [step])
]
test_dataloader = dict(dataset=dict(pipeline=diff_pipeline))
test_cfg = dict(
    modality='rgbdiff',
    gallery_dataloader=dict(dataset=dict(pipeline=diff_pipeline)))
test_evaluator = [
    dict(type='RetrievalMetric', modalities=['rgbdiff']),
    dict(type='RetrievalMetric', modalities=['rgb', 'rgbdiff'])
]
