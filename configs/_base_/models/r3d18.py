# R3D-18 (Tran et al., 2018): 3x7x7 stem without max pooling, 3D basic
# blocks, every later stage halving time and space. 512-d output.
backbone = dict(
    type='ResNet3d',
    depth=18,
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
