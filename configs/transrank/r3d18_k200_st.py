# TransRank-ST, R3D-18, Mini-Kinetics-200: the temporal set ranked as in
# TransRank plus a spatial set (rotation by 0/90/180/270 degrees, one random
# angle per clip) ranked by its own head; the two losses are summed. The
# pipelines are those of r3d18_k200.py with the rotation before the packer,
# which then packs both label sets.
_base_ = ['../_base_/models/r3d18.py', './_base_/transrank_k200.py']

rotation_head = dict(
    _base_.ranking_head,
    label_key='rotation_labels',
    num_classes=4,
    loss=dict(_base_.ranking_head.loss, loss_weight=1.0))
model = dict(backbone=_base_.backbone, heads=dict(spatial=rotation_head))

rotation = dict(type='MultiClipRotation', assign='random')
pack = dict(
    type='PackMultiClipInputs',
    label_keys=('temporal_labels', 'rotation_labels'))
train_pipeline = [
    step for step in _base_.train_pipeline
    if step.type != 'PackMultiClipInputs'
] + [rotation, pack]
val_pipeline = [
    step for step in _base_.val_pipeline if step.type != 'PackMultiClipInputs'
] + [rotation, pack]
train_dataloader = dict(dataset=dict(pipeline=train_pipeline))
val_dataloader = dict(dataset=dict(pipeline=val_pipeline))
test_dataloader = val_dataloader
val_evaluator = dict(
    heads=dict(temporal='temporal_labels', spatial='rotation_labels'))
test_evaluator = val_evaluator
