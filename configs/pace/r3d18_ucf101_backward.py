# Supplement Table 4, backwards: paces +-1, +-2, +-3, +-4 as 8 classes
# (0-3 forwards at paces 1-4, 4-7 backwards at paces 1-4).
_base_ = ['./r3d18_ucf101.py']

forward = [dict(type='Speed', rate=pace) for pace in (1, 2, 3, 4)]
pace_transforms = forward + [
    dict(type='Reverse', transform=speed) for speed in forward
]
pace_design = dict(MultiClipSampler=dict(transforms=pace_transforms))
model = dict(heads=dict(pace=dict(num_classes=len(pace_transforms))))
train_dataloader = dict(dataset=dict(dataset=dict(step_args=pace_design)))
val_dataloader = test_dataloader = dict(dataset=dict(step_args=pace_design))
