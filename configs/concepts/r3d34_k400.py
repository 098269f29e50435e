# Static and Dynamic Concepts, R3D-34, pre-trained on Kinetics-400, 16x112x112
# clips (appendix Table 4):
#   bash tools/dist_train.sh configs/concepts/r3d34_k400.py 8
_base_ = ['../_base_/models/r3d34.py', './_base_/concepts_k400.py']

model = dict(backbone={{_base_.backbone}})
