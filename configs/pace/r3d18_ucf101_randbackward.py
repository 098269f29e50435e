# Supplement Table 4, random backwards: paces 1, 2, 3, 4, each clip played
# backwards with probability 0.5 under its pace's class (4 classes).
_base_ = ['./r3d18_ucf101.py']

pace_transforms = [
    dict(type='RandomReverse', transform=dict(type='Speed', rate=pace))
    for pace in (1, 2, 3, 4)
]
pace_design = dict(MultiClipSampler=dict(transforms=pace_transforms))
model = dict(heads=dict(pace=dict(num_classes=len(pace_transforms))))
train_dataloader = dict(dataset=dict(dataset=dict(step_args=pace_design)))
val_dataloader = test_dataloader = dict(dataset=dict(step_args=pace_design))
