# Appendix Table 5 of Static and Dynamic Concepts: r2plus1d18_ucf101_100e.py
# (100 epochs on UCF101, R(2+1)D-18) with separate encoders for the RGB,
# static and difference views.
_base_ = ['./r2plus1d18_ucf101.py']

model = dict(separate_encoders=True)
train_cfg = dict(max_epochs=100)
