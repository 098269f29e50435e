# RSPNet with the authors' C3D (VCOP's, C3DVCOP: no fc layers), pre-trained
# on Kinetics-400: the architecture of their released
# model_best_c3d_200epoch.pth.tar (tools/model_converters/rspnet_to_mmssl.py).
_base_ = ['../_base_/models/c3d_vcop.py', './_base_/rspnet_k400.py']

model = dict(backbone={{_base_.backbone}})
