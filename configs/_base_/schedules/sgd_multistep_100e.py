# Fine-tuning schedule (TransRank appendix Table 11): SGD momentum 0.9,
# weight decay 1e-4, lr decayed by 0.1 at 3/5 and 4/5 of training (epochs 60
# and 80 of 100), batch 128 in total. The initial lr is swept over
# {0.01, 0.02, 0.04, 0.08, 0.16}; 0.16 is the default.
train_cfg = dict(type='EpochBasedTrainLoop', max_epochs=100, val_interval=5)
val_cfg = dict(type='ValLoop')
test_cfg = dict(type='TestLoop')

optim_wrapper = dict(
    optimizer=dict(type='SGD', lr=0.16, momentum=0.9, weight_decay=1e-4))

param_scheduler = [
    dict(type='MultiStepLR', begin=0, end=100, by_epoch=True,
         milestones=[60, 80], gamma=0.1)
]

auto_scale_lr = dict(enable=False, base_batch_size=128)
