# TransRank pre-training on Mini-Kinetics-200 (appendix C.1): SGD lr 0.1,
# momentum 0.9, weight decay 1e-4, cosine annealing over 100 epochs, batch 64
# (8 GPUs x 8 videos). Configs inheriting it set model.backbone from
# configs/_base_/models/.
_base_ = [
    '../../_base_/datasets/pretrain/loaders.py',
    '../../_base_/datasets/pretrain/k200.py', './transrank.py',
    '../../_base_/schedules/sgd_cosine_100e.py',
    '../../_base_/default_runtime.py'
]

train_dataloader = dict(
    dataset=dict(_base_.train_dataset, pipeline=_base_.train_pipeline))
val_dataloader = dict(
    dataset=dict(_base_.val_dataset, pipeline=_base_.val_pipeline))
test_dataloader = val_dataloader
