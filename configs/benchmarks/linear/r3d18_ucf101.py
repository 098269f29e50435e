# Linear probe of R3D-18 on UCF101 split 1: the finetuning protocol with
# the backbone frozen (TransRank appendix A.2).
_base_ = ['../finetune/r3d18_ucf101.py']

model = dict(freeze_backbone=True)
