# Pace Prediction on frame differences (RGBDiff) of the toy dataset: the
# CPU-sized model and schedule of r3d18_toy.py, 9 sampled frames per clip
# turned into 8 differences, normalised with mean 128, std 64 like
# configs/benchmarks/retrieval/r3d18_toy_rgbdiff.py.
_base_ = ['./r3d18_toy.py']

model = dict(data_preprocessor=dict(mean=[128.0] * 3, std=[64.0] * 3))

diff_view = dict(type='FrameDiffView', mode='replace', length='shrink')
diff_clip_len = _base_.clip_len + 1
train_pipeline = [
    dict(step, clip_len=diff_clip_len)
    if step.type == 'MultiClipSampler' else step
    for step in _base_.train_pipeline[:-1]
] + [diff_view, _base_.pack]
val_pipeline = [
    dict(step, clip_len=diff_clip_len)
    if step.type == 'MultiClipSampler' else step
    for step in _base_.val_pipeline[:-1]
] + [diff_view, _base_.pack]
train_dataloader = dict(dataset=dict(pipeline=train_pipeline))
val_dataloader = dict(dataset=dict(pipeline=val_pipeline))
test_dataloader = val_dataloader
