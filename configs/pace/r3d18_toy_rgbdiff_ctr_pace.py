# Pace Prediction with same-pace contrast (supplement, Algorithm 2) on
# r3d18_toy_rgbdiff.py (frame differences): one clip per video, clips of
# the same pace in the batch of 8 are positives, plus pace classification.
_base_ = ['./r3d18_toy_rgbdiff.py']

model = dict(
    projection=_base_.projection,
    contrastive_loss=_base_.contrastive_losses.pace)
