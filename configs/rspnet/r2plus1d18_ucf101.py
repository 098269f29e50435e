# RSPNet, R(2+1)D-18, pre-trained on UCF101 split 1, with the paper's lr 0.05.
_base_ = ['../_base_/models/r2plus1d18.py', './_base_/rspnet_ucf101.py']

model = dict(backbone={{_base_.backbone}})
optim_wrapper = dict(optimizer=dict(lr=0.05))
