# Static and Dynamic Concepts, R3D-18, pre-trained on Diving-48, 16x112x112
# clips:
#   bash tools/dist_train.sh configs/concepts/r3d18_diving48.py 8
_base_ = ['../_base_/models/r3d18.py', './_base_/concepts_diving48.py']

model = dict(backbone={{_base_.backbone}})
