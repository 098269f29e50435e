# Pre-training schedule (TransRank appendix C.1): SGD lr 0.1, momentum 0.9,
# weight decay 1e-4, cosine annealing over 100 epochs, batch 64 in total.
# The validation and test loops come with the pre-training loaders
# (configs/_base_/datasets/pretrain/loaders.py).
train_cfg = dict(type='EpochBasedTrainLoop', max_epochs=100, val_interval=5)

optim_wrapper = dict(
    optimizer=dict(type='SGD', lr=0.1, momentum=0.9, weight_decay=1e-4))

param_scheduler = [
    dict(type='CosineAnnealingLR', T_max=100, eta_min=0, by_epoch=True,
         begin=0, end=100)
]

auto_scale_lr = dict(enable=False, base_batch_size=64)
