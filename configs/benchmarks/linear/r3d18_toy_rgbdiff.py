# Linear probe on the toy dataset from frame differences (RGBDiff): the
# frozen backbone of configs/transrank/r3d18_toy_rgbdiff.py.
_base_ = ['../finetune/r3d18_toy_rgbdiff.py']

model = dict(freeze_backbone=True)
