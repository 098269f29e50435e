# Supplement Table 1, p = [1, 6]: paces 1 to 6, 6 classes (R3D-18, UCF101).
_base_ = ['./r3d18_ucf101.py']

pace_transforms = [dict(type='Speed', rate=pace) for pace in range(1, 7)]
pace_design = dict(MultiClipSampler=dict(transforms=pace_transforms))
model = dict(heads=dict(pace=dict(num_classes=len(pace_transforms))))
train_dataloader = dict(dataset=dict(dataset=dict(step_args=pace_design)))
val_dataloader = test_dataloader = dict(dataset=dict(step_args=pace_design))
