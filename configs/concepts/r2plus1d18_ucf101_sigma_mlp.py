# Appendix Table 1 of Static and Dynamic Concepts: r2plus1d18_ucf101_100e.py
# (100 epochs on UCF101, R(2+1)D-18) with an MLP feature transformation sigma
# (512-512-512) per view kind.
_base_ = ['./r2plus1d18_ucf101.py']

model = dict(concept_head=dict(transformation='mlp'))
train_cfg = dict(max_epochs=100)
