# R3D-34: R3D-18 (r3d18.py) with the stage depths of ResNet-34 (3, 4, 6, 3
# basic blocks). 512-d output.
_base_ = ['./r3d18.py']

backbone = dict(depth=34)
