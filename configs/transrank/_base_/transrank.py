# TransRank (Duan et al., CVPR 2022): five clips per video at 1x, 2x, 4x, 8x
# speed and reversed, ranked against each other by a margin ranking loss.
# Clip-wise (independent per clip) spatial and temporal augmentation; 16
# frames at 112x112 from videos resized to a short side of 128. The method
# of this folder's pre-training configs: a config puts train_pipeline and
# val_pipeline into the loaders of a pre-training data set
# (transrank_k200.py) and sets model.backbone from configs/_base_/models/.
clip_len = 16
crop_size = 112
speeds = [1, 2, 4, 8]
temporal_transforms = [dict(type='Speed', rate=rate) for rate in speeds]
temporal_transforms.append(dict(type='Reverse'))
num_transforms = len(temporal_transforms)

# The head that ranks the clips of a video by one transformation set (the
# temporal one here; TransRank-ST adds a spatial one).
ranking_head = dict(
    type='TransformationHead',
    in_channels=512,
    loss=dict(type='TransformationRankingLoss', margin=1.0))
model = dict(
    type='TransformationRecognizer',
    neck=dict(type='GlobalAvgPool'),
    heads=dict(
        temporal=dict(
            ranking_head,
            label_key='temporal_labels',
            num_classes=num_transforms)),
    speediness=dict(head='temporal', rates=speeds + [None]),
    data_preprocessor=dict(
        type='ActionDataPreprocessor', format_shape='NCTHW',
        mean=[123.675, 116.28, 103.53], std=[58.395, 57.12, 57.375]))

clip_sampler = dict(
    type='MultiClipSampler', clip_len=clip_len, transforms=temporal_transforms)
pack = dict(type='PackMultiClipInputs', label_keys=('temporal_labels', ))
train_pipeline = [
    dict(type='DecordOpen'),
    dict(clip_sampler, start_mode='independent'),
    dict(type='DecordDecodeOnce'),
    dict(type='Resize', scale=(-1, 128)),
    dict(type='MultiClipRandomResizedCrop', size=crop_size, scope='clip'),
    dict(type='MultiClipFlip', prob=0.5, scope='clip'),
    dict(type='MultiClipColorJitter', prob=0.8, scope='clip'),
    dict(type='MultiClipRandomGrayscale', prob=0.2, scope='clip'), pack
]
val_pipeline = [
    dict(type='DecordOpen'),
    dict(clip_sampler, test_mode=True),
    dict(type='DecordDecodeOnce'),
    dict(type='Resize', scale=(-1, 128)),
    dict(type='CenterCrop', crop_size=crop_size), pack
]

val_evaluator = dict(
    type='TransformationAccuracy', heads=dict(temporal='temporal_labels'))
test_evaluator = val_evaluator
