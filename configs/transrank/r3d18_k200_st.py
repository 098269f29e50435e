# TransRank-ST, R3D-18, Mini-Kinetics-200: the temporal set ranked as in
# TransRank plus a spatial set (rotation by 0/90/180/270 degrees, one random
# angle per clip) ranked by its own head; the two losses are summed.
_base_ = ['./r3d18_k200.py']

rotation_head = dict(
    type='TransformationHead',
    label_key='rotation_labels',
    num_classes=4,
    in_channels=512,
    loss=dict(type='TransformationRankingLoss', margin=1.0, loss_weight=1.0))
model = dict(heads=dict(spatial=rotation_head))

label_keys = ('temporal_labels', 'rotation_labels')
train_dataloader = dict(
    dataset=dict(pipeline=[
        dict(type='DecordOpen'),
        dict(type='MultiClipSampler', clip_len={{_base_.clip_len}},
             transforms={{_base_.temporal_transforms}}),
        dict(type='DecordDecodeOnce'),
        dict(type='Resize', scale=(-1, 128)),
        dict(type='MultiClipRandomResizedCrop', size={{_base_.crop_size}}),
        dict(type='MultiClipFlip', prob=0.5),
        dict(type='MultiClipColorJitter', prob=0.8),
        dict(type='MultiClipRandomGrayscale', prob=0.2),
        dict(type='MultiClipRotation', assign='random'),
        dict(type='PackMultiClipInputs', label_keys=label_keys)
    ]))
val_dataloader = dict(
    dataset=dict(pipeline=[
        dict(type='DecordOpen'),
        dict(type='MultiClipSampler', clip_len={{_base_.clip_len}},
             transforms={{_base_.temporal_transforms}}, test_mode=True),
        dict(type='DecordDecodeOnce'),
        dict(type='Resize', scale=(-1, 128)),
        dict(type='CenterCrop', crop_size={{_base_.crop_size}}),
        dict(type='MultiClipRotation', assign='random'),
        dict(type='PackMultiClipInputs', label_keys=label_keys)
    ]))
test_dataloader = val_dataloader
val_evaluator = dict(
    heads=dict(temporal='temporal_labels', spatial='rotation_labels'))
test_evaluator = val_evaluator
