# The default model of appendix Tables 1-3 and 5 (sigma identity, decoder
# MLP 100-512-512, top-5 valid concepts, shared encoder, K_s = K_d = 50):
# R(2+1)D-18 pre-trained on UCF101 for 100 epochs. The ablation leaves
# r2plus1d18_ucf101_*.py change one knob each.
_base_ = ['./r2plus1d18_ucf101.py']

train_cfg = dict(max_epochs=100)
