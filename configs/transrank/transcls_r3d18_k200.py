# TransCls, the classification baseline of TransRank (same clips, backbone
# and head): every clip's scores are trained by cross-entropy against its own
# transformation instead of being ranked against the other clips of the video.
_base_ = ['./r3d18_k200.py']

model = dict(
    heads=dict(
        temporal=dict(
            loss=dict(_delete_=True, type='MultiClipCrossEntropyLoss'))))
