# Frozen-backbone probes (Sync, Order; TransRank appendix A.1): a 2-layer MLP
# (hidden 512) on the frozen backbone's globally pooled res4 feature; top-1
# accuracy. sync.py and order.py add the model type and the number of
# classes; their leaves put the task's sampler into a dataset's pipelines.
_base_ = ['./finetune.py']

model = dict(
    freeze_backbone=True,
    cls_head=dict(
        _delete_=True,
        type='MLPClsHead',
        hidden_channels=512,
        dropout_ratio=0.5,
        topk=(1, ),
        average_clips='prob'))

val_evaluator = dict(metric_options=dict(top_k_accuracy=dict(topk=(1, ))))
test_evaluator = val_evaluator
