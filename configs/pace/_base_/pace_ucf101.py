# Pace Prediction pre-training on UCF101 split 1 (training videos, labels
# unused) with the public code's schedule (pace.py): the list repeated 10
# times per epoch, batch 30 (one process; with k processes set
# train_dataloader.batch_size so that k x batch_size = 30, or pass
# --auto-scale-lr). Configs inheriting it set model.backbone (and the head's
# in_channels) from configs/_base_/models/.
_base_ = [
    '../../_base_/datasets/pretrain/loaders.py',
    '../../_base_/datasets/pretrain/ucf101.py', './pace.py',
    '../../_base_/default_runtime.py'
]

train_dataloader = dict(
    batch_size=30,
    dataset=dict(
        _delete_=True,
        type='RepeatDataset',
        times=10,
        dataset=dict(
            _base_.train_dataloader.dataset, **_base_.train_dataset,
            pipeline=_base_.train_pipeline)))
val_dataloader = dict(
    dataset=dict(_base_.val_dataset, pipeline=_base_.val_pipeline))
test_dataloader = val_dataloader
