# Loaders of a pre-training on 8 GPUs: 8 videos per GPU (batch 64), 8
# workers each; a training video that cannot be decoded is replaced by
# another (RobustVideoDataset(skip_broken=True)), and the labels of the lists
# are not used. Validation and test (ValLoop, TestLoop) measure the pretext
# task on held-out videos.
#
# A pre-training config inherits this file, a data base of this folder
# (train_dataset, val_dataset: the lists and videos) and a method base
# (train_pipeline, val_pipeline: its sampler and augmentations), and puts
# them together:
#   train_dataloader = dict(
#       dataset=dict(_base_.train_dataset, pipeline=_base_.train_pipeline))
#   val_dataloader = dict(
#       dataset=dict(_base_.val_dataset, pipeline=_base_.val_pipeline))
#   test_dataloader = val_dataloader
# A method base whose leaves leave room for one more level of inheritance
# (configs/rspnet/_base_/rspnet.py) inherits this file and puts its
# pipelines into the loaders itself; a per-dataset base then inherits it and
# a data base, and puts in only the lists and videos:
#   train_dataloader = dict(dataset=_base_.train_dataset)
#   val_dataloader = test_dataloader = dict(dataset=_base_.val_dataset)
train_dataloader = dict(
    batch_size=8,
    num_workers=8,
    persistent_workers=True,
    sampler=dict(type='DefaultSampler', shuffle=True),
    dataset=dict(type='RobustVideoDataset', skip_broken=True))
val_dataloader = dict(
    train_dataloader,
    sampler=dict(type='DefaultSampler', shuffle=False),
    dataset=dict(type='RobustVideoDataset', test_mode=True))
test_dataloader = val_dataloader
val_cfg = dict(type='ValLoop')
test_cfg = dict(type='TestLoop')
