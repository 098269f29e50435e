# RSPNet, R3D-18, pre-trained on Kinetics-400 (the paper's ResNet-18 row):
#   bash tools/dist_train.sh configs/rspnet/r3d18_k400.py 8
_base_ = ['../_base_/models/r3d18.py', './_base_/rspnet_k400.py']

model = dict(backbone={{_base_.backbone}})
