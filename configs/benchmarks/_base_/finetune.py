# Action recognition from a pre-trained backbone (TransRank appendix A.2): a
# TransferRecognizer3D with a linear fc head (dropout 0.5) on the globally
# average pooled features, trained end to end; top-1/top-5 accuracy of the
# softmax scores averaged over a video's clips. The linear probe
# (configs/benchmarks/linear/) freezes the backbone.
#
# A leaf inherits a model base, a dataset base (its loaders), this protocol
# and a schedule (table11.py; configs/_base_/toy_cpu.py for the toy data),
# and puts the backbone and the classes into the model:
#   model = dict(
#       backbone=_base_.backbone,
#       cls_head=dict(in_channels=_base_.feat_dim,
#                     num_classes=_base_.num_classes))
# The pre-trained weights come from model.backbone_checkpoint (any mmssl
# pre-training checkpoint), e.g.
#   python tools/train.py CONFIG --cfg-options model.backbone_checkpoint=PTH
model = dict(
    type='TransferRecognizer3D',
    backbone_checkpoint=None,
    freeze_backbone=False,
    cls_head=dict(
        type='I3DHead',
        spatial_type='avg',
        dropout_ratio=0.5,
        init_std=0.01,
        average_clips='prob'),
    data_preprocessor=dict(
        type='ActionDataPreprocessor', format_shape='NCTHW',
        mean=[123.675, 116.28, 103.53], std=[58.395, 57.12, 57.375]))

val_evaluator = dict(type='AccMetric')
test_evaluator = val_evaluator
