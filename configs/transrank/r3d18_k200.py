# TransRank, R3D-18, pre-trained on Mini-Kinetics-200 (the headline config):
#   bash tools/dist_train.sh configs/transrank/r3d18_k200.py 8
_base_ = ['../_base_/models/r3d18.py', './_base_/transrank_k200.py']

model = dict(backbone={{_base_.backbone}})
