# Static and Dynamic Concepts on the toy dataset (r3d18_toy.py), with the
# shared encoder evaluated on frame differences: the difference views are
# encoded as the RGBDiff protocols of this codebase encode them (uint8
# (d + 256) // 2, normalised with mean 128 and std 64, like
# configs/benchmarks/retrieval/r3d18_toy_rgbdiff.py), and only the difference
# clips update the backbone's BN running statistics. Training is otherwise
# r3d18_toy.py's; validation is the toy retrieval on frame differences. The
# toy motion types are not learnt from RGB clips by the slim encoder, not even
# with labels (the toy table's RGB finetune row), so the toy shows what the
# shared encoder learnt through the difference views:
#   python tools/train.py configs/concepts/r3d18_toy_rgbdiff.py
_base_ = ['./r3d18_toy.py']

diff_mean, diff_std = [128.0] * 3, [64.0] * 3
model = dict(
    running_stats_view='diff',
    data_preprocessor=dict(mean=dict(diff=diff_mean), std=dict(diff=diff_std)))

train_pipeline = [
    dict(step, out_dtype='uint8') if step.type == 'FrameDiffView' else step
    for step in _base_.train_pipeline
]
train_dataloader = dict(dataset=dict(pipeline=train_pipeline))
val_dataloader = test_dataloader = dict(dataset=dict(pipeline=train_pipeline))
val_cfg = test_cfg = dict(
    _base_.retrieval_val['toy']['rgbdiff'],
    data_preprocessor=dict(
        type='ActionDataPreprocessor', mean=diff_mean, std=diff_std,
        format_shape='NCTHW'))
