# RSPNet pre-training on Kinetics-400 with the paper's schedule (rspnet.py),
# batch 64 (8 GPUs x 8 videos). Configs inheriting it set model.backbone (and
# the heads' in_channels) from configs/_base_/models/.
_base_ = ['../../_base_/datasets/pretrain/k400.py', './rspnet.py']

train_dataloader = dict(dataset=_base_.train_dataset)
val_dataloader = test_dataloader = dict(dataset=_base_.val_dataset)
