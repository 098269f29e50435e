# TransCls baseline of r2plus1d18_k200.py: the same model with per-clip
# cross-entropy instead of the ranking loss.
_base_ = ['./r2plus1d18_k200.py']

model = dict(
    heads=dict(
        temporal=dict(
            loss=dict(_delete_=True, type='MultiClipCrossEntropyLoss'))))
