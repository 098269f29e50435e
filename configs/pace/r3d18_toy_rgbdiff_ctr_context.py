# Pace Prediction with same-context contrast (supplement, Algorithm 1) on
# r3d18_toy_rgbdiff.py (frame differences): two clips per video at two
# different paces, NT-Xent over the 2 x 8 clips of a batch, plus pace
# classification of both clips.
_base_ = ['./r3d18_toy_rgbdiff.py']

model = dict(
    projection=_base_.projection,
    contrastive_loss=dict(
        type='SameContextContrastiveLoss', temperature=_base_.temperature))
train_dataloader = dict(dataset=dict(step_args=dict(
    MultiClipSampler=dict(assign='distinct_random', num_clips=2))))
