# RSPNet with the authors' R(2+1)D (VCOP's, one block per stage), pre-trained
# on Kinetics-400 with the paper's lr 0.05: the architecture of their released
# model_best_r21d_200epoch.pth.tar (tools/model_converters/rspnet_to_mmssl.py).
_base_ = ['../_base_/models/r2plus1d10_vcop.py', './_base_/rspnet_k400.py']

model = dict(backbone={{_base_.backbone}})
optim_wrapper = dict(optimizer=dict(lr=0.05))
