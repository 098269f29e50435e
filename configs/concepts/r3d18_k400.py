# Static and Dynamic Concepts, R3D-18, pre-trained on Kinetics-400, 16x112x112
# clips:
#   bash tools/dist_train.sh configs/concepts/r3d18_k400.py 8
_base_ = ['../_base_/models/r3d18.py', './_base_/concepts_k400.py']

model = dict(backbone={{_base_.backbone}})
