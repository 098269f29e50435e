# Pace Prediction, C3D, pre-trained on Kinetics-400, paces [1, 2, 3, 4].
# C3D's fc layers need 16x112x112 clips; the pace head takes its 4096-d fc7
# output.
_base_ = ['../_base_/models/c3d.py', './_base_/pace_k400.py']

model = dict(
    backbone=_base_.backbone,
    heads=dict(pace=dict(in_channels=_base_.feat_dim)))
