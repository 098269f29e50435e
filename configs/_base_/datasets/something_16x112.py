# The loaders of recognition_16x112.py for Something-Something: no flips in
# training, as they would swap the left/right classes ("Pushing something
# from left to right").
_base_ = ['./recognition_16x112.py']

train_dataloader = dict(
    dataset=dict(pipeline=[
        step for step in _base_.train_dataloader.dataset.pipeline
        if step.type != 'Flip'
    ]))
