# TransCls baseline of r3d18_toy_rgbdiff.py: the same model with per-clip
# cross-entropy instead of the ranking loss.
_base_ = ['./r3d18_toy_rgbdiff.py']

model = dict(
    heads=dict(
        temporal=dict(
            loss=dict(_delete_=True, type='MultiClipCrossEntropyLoss'))))
