# Linear probe on the toy dataset from frame differences (RGBDiff): the
# frozen backbone of configs/transrank/r3d18_toy_rgbdiff.py, at lr 0.05 (only
# the fc layer learns).
_base_ = ['../finetune/r3d18_toy_rgbdiff.py']

model = dict(freeze_backbone=True)
optim_wrapper = dict(optimizer=dict(lr=0.05))
