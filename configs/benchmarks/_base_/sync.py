# Synchronisation (Sync, TransRank appendix A.1): two overlapping clips a, b
# of a video, offset by one of 7 patterns {-3/4, ..., +3/4} of the clip
# length (SyncPairSampler); the frozen backbone gives res4 features psi(a),
# psi(b), globally average pooled, and a 2-layer MLP (hidden 512) classifies
# psi(a) - psi(b). Only the MLP is trained. A leaf takes the pipelines of a
# dataset base with a SyncPairSampler of the same clip length in place of
# SampleFrames: spatial augmentations act on all frames alike, so only time
# tells the clips apart. Validation and test are deterministic: video i gets
# pattern i % 7, the pair centred in the video; top-1 accuracy.
_base_ = ['./frozen_mlp_probe.py']

model = dict(type='ClipPairRecognizer', cls_head=dict(num_classes=7))
