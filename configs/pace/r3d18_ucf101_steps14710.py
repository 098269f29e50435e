# Supplement Table 3, step 3: paces 1, 4, 7, 10 (4 classes).
_base_ = ['./r3d18_ucf101.py']

pace_transforms = [dict(type='Speed', rate=pace) for pace in (1, 4, 7, 10)]
pace_design = dict(MultiClipSampler=dict(transforms=pace_transforms))
model = dict(heads=dict(pace=dict(num_classes=len(pace_transforms))))
train_dataloader = dict(dataset=dict(dataset=dict(step_args=pace_design)))
val_dataloader = test_dataloader = dict(dataset=dict(step_args=pace_design))
