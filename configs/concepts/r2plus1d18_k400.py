# Static and Dynamic Concepts, R(2+1)D-18, pre-trained on Kinetics-400,
# 16x112x112 clips:
#   bash tools/dist_train.sh configs/concepts/r2plus1d18_k400.py 8
_base_ = ['../_base_/models/r2plus1d18.py', './_base_/concepts_k400.py']

model = dict(backbone={{_base_.backbone}})
