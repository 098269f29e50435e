# RSPNet, R3D-18, pre-trained on UCF101 split 1:
#   bash tools/dist_train.sh configs/rspnet/r3d18_ucf101.py 8
_base_ = ['../_base_/models/r3d18.py', './_base_/rspnet_ucf101.py']

model = dict(backbone={{_base_.backbone}})
