# Finetuning on the toy dataset from frame differences (RGBDiff), for
# backbones pre-trained by configs/transrank/r3d18_toy_rgbdiff.py: the
# protocol of r3d18_toy.py on the RGBDiff pipelines of the toy data
# (configs/_base_/datasets/recognition_8x56.py), normalised with mean 128,
# std 64 like the pre-training.
_base_ = [
    '../../_base_/toy_cpu.py', '../../_base_/datasets/toy.py',
    '../_base_/finetune.py'
]

model = dict(
    backbone=_base_.backbone,
    cls_head=dict(in_channels=_base_.feat_dim, num_classes=_base_.num_classes),
    data_preprocessor=dict(mean=[128.0] * 3, std=[64.0] * 3))
train_dataloader = dict(dataset=dict(pipeline=_base_.diff_pipelines['train']))
val_dataloader = dict(dataset=dict(pipeline=_base_.diff_pipelines['val']))
test_dataloader = dict(dataset=dict(pipeline=_base_.diff_pipelines['test']))

optim_wrapper = dict(optimizer=dict(lr=0.01))
