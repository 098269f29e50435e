# Pace Prediction with same-context contrast (supplement, Algorithm 1) on
# r3d18_toy_rgbdiff.py (frame differences): two clips per video at two
# different paces, NT-Xent over the 2 x 8 clips of a batch, plus pace
# classification of both clips.
_base_ = ['./r3d18_toy_rgbdiff.py']

model = dict(
    projection=_base_.projection,
    contrastive_loss=_base_.contrastive_losses.context)
train_dataloader = dict(dataset=dict(step_args=_base_.two_paces))
