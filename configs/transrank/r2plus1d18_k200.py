# TransRank, R(2+1)D-18, pre-trained on Mini-Kinetics-200.
_base_ = ['../_base_/models/r2plus1d18.py', './_base_/transrank_k200.py']

model = dict(backbone={{_base_.backbone}})
