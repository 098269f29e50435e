# The schedule of table11.py over 50 epochs, lr x0.1 at epochs 30 and 40, for
# Something-Something V1/V2 (TransRank appendix C.1).
_base_ = ['./table11.py']

train_cfg = dict(max_epochs=50)
param_scheduler = [
    dict(type='MultiStepLR', begin=0, end=50, by_epoch=True,
         milestones=[30, 40], gamma=0.1)
]
