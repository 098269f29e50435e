# Pace Prediction with contrastive learning on the same video pace
# (supplement, Algorithm 2), R3D-18, UCF101: one clip per video at a random
# pace; clips of the same pace in the global batch are positives of each
# other, clips of other paces negatives. L = L_cls + L_ctr.
_base_ = ['./r3d18_ucf101.py']

model = dict(
    projection=_base_.projection,
    contrastive_loss=dict(_base_.contrastive_losses.pace, loss_weight=1.0))
