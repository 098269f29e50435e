# Finetune C3D on UCF101 split 1 (TransRank Table 11 protocol). C3D outputs
# pooled fc7 vectors, so the head does not pool.
_base_ = ['../../_base_/models/c3d.py', '../../_base_/datasets/ucf101.py',
          '../_base_/finetune.py', '../_base_/table11.py']

model = dict(backbone=_base_.backbone, cls_head=dict(
    spatial_type=None, in_channels=_base_.feat_dim,
    num_classes=_base_.num_classes))
