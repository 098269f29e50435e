# Appendix Table 2 of Static and Dynamic Concepts: r2plus1d18_ucf101_100e.py
# (100 epochs on UCF101, R(2+1)D-18) with linear decoders (100-512, 50-512).
_base_ = ['./r2plus1d18_ucf101.py']

model = dict(concept_head=dict(decoder='linear'))
train_cfg = dict(max_epochs=100)
