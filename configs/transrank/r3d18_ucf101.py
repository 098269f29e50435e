# TransRank, R3D-18, pre-trained on UCF101 split 1.
_base_ = ['../_base_/models/r3d18.py', './_base_/transrank_ucf101.py']

model = dict(backbone={{_base_.backbone}})
