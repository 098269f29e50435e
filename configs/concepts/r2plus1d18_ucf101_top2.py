# Appendix Table 3 of Static and Dynamic Concepts: r2plus1d18_ucf101_100e.py
# (100 epochs on UCF101, R(2+1)D-18) with the top-2 concepts of each code for
# the valid concepts.
_base_ = ['./r2plus1d18_ucf101.py']

model = dict(top_k=2)
train_cfg = dict(max_epochs=100)
