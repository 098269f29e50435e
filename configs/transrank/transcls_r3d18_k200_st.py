# TransCls-ST baseline of r3d18_k200_st.py: both heads (speed/reverse and
# rotation) trained by per-clip cross-entropy instead of ranking.
_base_ = ['./r3d18_k200_st.py']

model = dict(
    heads=dict(
        temporal=dict(
            loss=dict(_delete_=True, type='MultiClipCrossEntropyLoss')),
        spatial=dict(
            loss=dict(_delete_=True, type='MultiClipCrossEntropyLoss'))))
