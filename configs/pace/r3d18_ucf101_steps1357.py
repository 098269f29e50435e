# Supplement Table 3, step 2: paces 1, 3, 5, 7 (4 classes).
_base_ = ['./r3d18_ucf101.py']

pace_transforms = [dict(type='Speed', rate=pace) for pace in (1, 3, 5, 7)]
model = dict(heads=dict(pace=dict(num_classes=len(pace_transforms))))
train_dataloader = dict(dataset=dict(dataset=dict(pipeline=[
    dict(step, transforms=pace_transforms)
    if step.type == 'MultiClipSampler' else step
    for step in _base_.train_pipeline
])))
val_dataloader = dict(dataset=dict(pipeline=[
    dict(step, transforms=pace_transforms)
    if step.type == 'MultiClipSampler' else step
    for step in _base_.val_pipeline
]))
test_dataloader = val_dataloader
