# Linear probe of R(2+1)D-18 on HMDB51 split 1: the finetuning protocol
# with the backbone frozen (TransRank appendix A.2).
_base_ = ['../finetune/r2plus1d18_hmdb51.py']

model = dict(freeze_backbone=True)
