# Pace Prediction with contrastive learning on the same video context
# (supplement, Algorithm 1), R3D-18, UCF101: two clips of each video at two
# different random paces (assign='distinct_random') are a positive pair, all
# other clips of the global batch are negatives (NT-Xent over the 2 x 30
# clips); both clips are also pace-classified. L = L_cls + L_ctr.
_base_ = ['./r3d18_ucf101.py']

model = dict(
    projection=_base_.projection,
    contrastive_loss=dict(_base_.contrastive_losses.context, loss_weight=1.0))
train_dataloader = dict(dataset=dict(dataset=dict(step_args=_base_.two_paces)))
