# Static and Dynamic Concepts pre-training on Diving-48 (training videos,
# labels unused) with the authors' schedule (concepts.py), batch 64 (8 GPUs x
# 8 videos); no validation during pre-training (evaluate the checkpoints with
# configs/benchmarks/). Configs inheriting it set model.backbone from
# configs/_base_/models/.
_base_ = [
    '../../_base_/datasets/pretrain/loaders.py',
    '../../_base_/datasets/pretrain/diving48.py', './concepts.py',
    '../../_base_/default_runtime.py'
]

train_dataloader = dict(
    dataset=dict(_base_.train_dataset, pipeline=_base_.train_pipeline))
val_dataloader = val_cfg = val_evaluator = None
test_dataloader = test_cfg = test_evaluator = None
