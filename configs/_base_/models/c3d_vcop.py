# The C3D of VCOP (Xu et al., 2019), Pace Prediction and RSPNet: eight 3x3x3
# convolutions with BN, no fc layers, any input size. 512-d output. Loads the
# weights of tools/model_converters/{rspnet,pace}_to_mmssl.py (arch c3d).
backbone = dict(type='C3DVCOP', base_channels=64, norm_eval=False)
feat_dim = 512
