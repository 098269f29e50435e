# TransRank, C3D, pre-trained on UCF101 split 1. C3D's fc layers need
# 16x112x112 clips and give 4096-d features.
_base_ = ['../_base_/models/c3d.py', './_base_/transrank_ucf101.py']

model = dict(
    backbone={{_base_.backbone}},
    neck=None,
    heads=dict(temporal=dict(in_channels={{_base_.feat_dim}})))
