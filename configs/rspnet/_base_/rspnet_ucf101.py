# RSPNet pre-training on UCF101 split 1 (training videos, labels unused) with
# the paper's schedule (rspnet.py), batch 64 (8 GPUs x 8 videos). Configs
# inheriting it set model.backbone (and the heads' in_channels) from
# configs/_base_/models/.
_base_ = ['../../_base_/datasets/pretrain/ucf101.py', './rspnet.py']

train_dataloader = dict(dataset=_base_.train_dataset)
val_dataloader = test_dataloader = dict(dataset=_base_.val_dataset)
