# The toy protocols on a CPU (tools/data/toy), shared by the toy configs of
# every protocol: the slim R3D-18 of the toy pre-trainings (base_channels 8,
# 64-d output; configs/transrank/r3d18_toy.py, configs/rspnet/r3d18_toy.py),
# so that their checkpoints load, and Table 11's schedule shape (lr x0.1 at
# 60 % and 80 % of training) over 10 epochs of the 100 training videos at lr
# 0.05, logging every 5 iterations and checkpointing every epoch. The toy
# data at CPU scale (8 videos per batch, 2 workers, 8x56x56 clips) comes
# with configs/_base_/datasets/toy.py.
_base_ = [
    './models/r3d18.py', './schedules/sgd_multistep_100e.py',
    './default_runtime.py'
]

backbone = dict(base_channels=8)
feat_dim = 64

train_cfg = dict(max_epochs=10, val_interval=2)
optim_wrapper = dict(optimizer=dict(lr=0.05))
param_scheduler = [
    dict(type='MultiStepLR', begin=0, end=10, by_epoch=True,
         milestones=[6, 8], gamma=0.1)
]
default_hooks = dict(logger=dict(interval=5), checkpoint=dict(interval=1))
auto_scale_lr = dict(base_batch_size=8)
