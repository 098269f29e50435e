# RSPNet pre-training on UCF101 split 1 (training videos, labels unused) with
# the paper's schedule (rspnet.py), batch 64 (8 GPUs x 8 videos). Configs
# inheriting it set model.backbone (and the heads' in_channels) from
# configs/_base_/models/.
_base_ = [
    '../../_base_/datasets/pretrain/loaders.py',
    '../../_base_/datasets/pretrain/ucf101.py', './rspnet.py',
    '../../_base_/default_runtime.py'
]

train_dataloader = dict(
    dataset=dict(_base_.train_dataset, pipeline=_base_.train_pipeline))
val_dataloader = dict(
    dataset=dict(_base_.val_dataset, pipeline=_base_.val_pipeline))
test_dataloader = val_dataloader
