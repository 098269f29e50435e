# Pace Prediction, R3D-18, pre-trained on UCF101 split 1 with paces
# [1, 2, 3, 4] (the supplement's baseline, Tables 2-4):
#   python tools/train.py configs/pace/r3d18_ucf101.py
_base_ = ['../_base_/models/r3d18.py', './_base_/pace_ucf101.py']

model = dict(backbone=_base_.backbone)
