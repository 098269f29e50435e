# The R3D of VCOP (Xu et al., 2019) and Pace Prediction: R3D-18 with one
# basic block per stage ("R3D-10"): 3x7x7 stem without max pooling, every
# later stage halving time and space. 512-d output. Loads the weights of
# tools/model_converters/pace_to_mmssl.py (arch r3d).
backbone = dict(
    type='ResNet3d',
    depth=18,
    stage_blocks=(1, 1, 1, 1),
    pretrained=None,
    pretrained2d=False,
    conv1_kernel=(3, 7, 7),
    conv1_stride_t=1,
    with_pool1=False,
    with_pool2=False,
    inflate=(1, 1, 1, 1),
    spatial_strides=(1, 2, 2, 2),
    temporal_strides=(1, 2, 2, 2),
    norm_eval=False,
    zero_init_residual=False)
feat_dim = 512
