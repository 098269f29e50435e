# Finetune R3D-18 on Something-Something V1 (TransRank appendix C.1): JPEG
# frame folders, no flips (configs/_base_/datasets/sthv1.py), 50 epochs with
# the lr decayed at epochs 30 and 40.
_base_ = [
    '../../_base_/models/r3d18.py', '../../_base_/datasets/sthv1.py',
    '../_base_/finetune.py', '../_base_/table11_50e.py'
]

model = dict(backbone=_base_.backbone, cls_head=dict(
    in_channels=_base_.feat_dim, num_classes=_base_.num_classes))
