# The R3D of VCOP (Xu et al., 2019) and Pace Prediction: R3D-18 (r3d18.py)
# with one basic block per stage ("R3D-10"). 512-d output. Loads the weights
# of tools/model_converters/pace_to_mmssl.py (arch r3d).
_base_ = ['./r3d18.py']

backbone = dict(stage_blocks=(1, 1, 1, 1))
