# Finetune R3D-18 on the generated toy dataset (tools/data/toy) on a CPU:
# the slim R3D-18 and 10-epoch schedule of configs/_base_/toy_cpu.py, the
# toy loaders of configs/_base_/datasets/toy.py, at lr 0.01. At lr 0.05
# finetuning from random init diverged (training loss rising from 1.9 to 3.0
# over the first 4 epochs, ln 5 = 1.6).
_base_ = [
    '../../_base_/toy_cpu.py', '../../_base_/datasets/toy.py',
    '../_base_/finetune.py'
]

model = dict(backbone=_base_.backbone, cls_head=dict(
    in_channels=_base_.feat_dim, num_classes=_base_.num_classes))

optim_wrapper = dict(optimizer=dict(lr=0.01))
