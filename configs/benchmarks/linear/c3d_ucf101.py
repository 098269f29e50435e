# Linear probe of C3D on UCF101 split 1: the finetuning protocol with the
# backbone frozen (TransRank appendix A.2).
_base_ = ['../finetune/c3d_ucf101.py']

model = dict(freeze_backbone=True)
