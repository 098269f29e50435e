# RSPNet, C3D, pre-trained on Kinetics-400. C3D's fc layers need 16x112x112
# clips; the projection heads take its 4096-d fc7 output.
_base_ = ['../_base_/models/c3d.py', './_base_/rspnet_k400.py']

projection = dict(in_channels={{_base_.feat_dim}})
model = dict(backbone={{_base_.backbone}}, heads=dict(
    rsp=dict(projection=projection), avid=dict(projection=projection)))
