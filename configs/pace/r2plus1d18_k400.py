# Pace Prediction, R(2+1)D-18, pre-trained on Kinetics-400, paces [1, 2, 3, 4].
_base_ = ['../_base_/models/r2plus1d18.py', './_base_/pace_k400.py']

model = dict(backbone=_base_.backbone)
