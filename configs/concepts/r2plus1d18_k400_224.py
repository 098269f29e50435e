# Static and Dynamic Concepts, R(2+1)D-18, pre-trained on Kinetics-400 at
# 224x224 (appendix Table 4, concepts_k400_224.py):
#   bash tools/dist_train.sh configs/concepts/r2plus1d18_k400_224.py 8
_base_ = ['../_base_/models/r2plus1d18.py', './_base_/concepts_k400_224.py']

model = dict(backbone={{_base_.backbone}})
