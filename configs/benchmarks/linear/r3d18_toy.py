# Linear probe of R3D-18 on the toy dataset: the toy finetuning config with
# the backbone frozen.
_base_ = ['../finetune/r3d18_toy.py']

model = dict(freeze_backbone=True)
