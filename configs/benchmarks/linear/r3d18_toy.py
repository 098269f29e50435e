# Linear probe of R3D-18 on the toy dataset: the toy finetuning config with
# the backbone frozen, at lr 0.05 (only the fc layer learns).
_base_ = ['../finetune/r3d18_toy.py']

model = dict(freeze_backbone=True)
optim_wrapper = dict(optimizer=dict(lr=0.05))
