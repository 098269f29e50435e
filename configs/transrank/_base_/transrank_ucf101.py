# TransRank pre-training on UCF101 split 1 (training videos, labels unused)
# with the schedule of transrank_k200.py. Configs inheriting it set
# model.backbone from configs/_base_/models/.
_base_ = [
    '../../_base_/datasets/pretrain/loaders.py',
    '../../_base_/datasets/pretrain/ucf101.py', './transrank.py',
    '../../_base_/schedules/sgd_cosine_100e.py',
    '../../_base_/default_runtime.py'
]

train_dataloader = dict(
    dataset=dict(_base_.train_dataset, pipeline=_base_.train_pipeline))
val_dataloader = dict(
    dataset=dict(_base_.val_dataset, pipeline=_base_.val_pipeline))
test_dataloader = val_dataloader
