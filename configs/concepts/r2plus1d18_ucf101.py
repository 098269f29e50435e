# Static and Dynamic Concepts, R(2+1)D-18, pre-trained on UCF101 split 1,
# 16x112x112 clips:
#   bash tools/dist_train.sh configs/concepts/r2plus1d18_ucf101.py 8
_base_ = ['../_base_/models/r2plus1d18.py', './_base_/concepts_ucf101.py']

model = dict(backbone={{_base_.backbone}})
