# Frozen-backbone probes (Sync, Order; TransRank appendix A.1): a 2-layer MLP
# (hidden 512) on the frozen backbone's globally pooled res4 feature, trained
# with the Table 11 hyper-parameters; top-1 accuracy. Task configs inherit
# this file and add the model type, the number of classes and the pipelines.
_base_ = [
    '../../_base_/schedules/sgd_multistep_100e.py',
    '../../_base_/default_runtime.py'
]

model = dict(
    backbone_checkpoint=None,
    freeze_backbone=True,
    cls_head=dict(
        type='MLPClsHead',
        hidden_channels=512,
        dropout_ratio=0.5,
        topk=(1, ),
        average_clips='prob'),
    data_preprocessor=dict(
        type='ActionDataPreprocessor',
        mean=[123.675, 116.28, 103.53],
        std=[58.395, 57.12, 57.375],
        format_shape='NCTHW'))

train_dataloader = dict(
    batch_size=16,
    num_workers=8,
    persistent_workers=True,
    sampler=dict(type='DefaultSampler', shuffle=True),
    dataset=dict(type='VideoDataset'))
val_dataloader = dict(
    batch_size=16,
    num_workers=8,
    persistent_workers=True,
    sampler=dict(type='DefaultSampler', shuffle=False),
    dataset=dict(type='VideoDataset', test_mode=True))
test_dataloader = dict(
    batch_size=16,
    num_workers=8,
    persistent_workers=True,
    sampler=dict(type='DefaultSampler', shuffle=False),
    dataset=dict(type='VideoDataset', test_mode=True))

val_evaluator = dict(
    type='AccMetric', metric_options=dict(top_k_accuracy=dict(topk=(1, ))))
test_evaluator = val_evaluator

# The validation list of UCF101, HMDB51 and mHMDB51 is their test list, so
# no checkpoint is selected on it: the protocol reports the last epoch.
default_hooks = dict(checkpoint=dict(interval=5))
