# TransCls baseline of c3d_ucf101.py: the same model with per-clip
# cross-entropy instead of the ranking loss.
_base_ = ['./c3d_ucf101.py']

model = dict(
    heads=dict(
        temporal=dict(
            loss=dict(_delete_=True, type='MultiClipCrossEntropyLoss'))))
