# Finetune R3D-18 on HMDB51 split 1 (TransRank Table 11 protocol).
_base_ = [
    '../../_base_/models/r3d18.py', '../../_base_/datasets/hmdb51.py',
    '../_base_/finetune.py', '../_base_/table11.py'
]

model = dict(backbone=_base_.backbone, cls_head=dict(
    in_channels=_base_.feat_dim, num_classes=_base_.num_classes))
