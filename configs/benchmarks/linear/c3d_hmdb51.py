# Linear probe of C3D on HMDB51 split 1: the finetuning protocol with the
# backbone frozen (TransRank appendix A.2).
_base_ = ['../finetune/c3d_hmdb51.py']

model = dict(freeze_backbone=True)
