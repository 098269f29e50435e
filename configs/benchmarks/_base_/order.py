# Temporal order prediction (Order, TransRank appendix A.1): one clip made of
# two non-overlapping sub-clips x1 (earlier) and x2 of half its length, as
# (x1, x2) for class 0 "before" or (x2, x1) for class 1 "after"
# (TemporalOrderSampler); a 2-layer MLP (hidden 512) classifies the frozen
# backbone's res4 feature, globally average pooled. Only the MLP is trained.
# A leaf takes the pipelines of a dataset base with a TemporalOrderSampler of
# the same clip length in place of SampleFrames. Validation and test are
# deterministic: video i gets class i % 2, the sub-clips evenly spaced; top-1
# accuracy.
_base_ = ['./frozen_mlp_probe.py']

model = dict(cls_head=dict(num_classes=2))
