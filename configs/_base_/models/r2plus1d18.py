# R(2+1)D-18 (Tran et al., 2018): each 3D conv factorised into a spatial and
# a temporal conv. 512-d output.
backbone = dict(
    type='ResNet2Plus1d',
    depth=18,
    pretrained=None,
    pretrained2d=False,
    norm_eval=False,
    conv_cfg=dict(type='Conv2plus1d'),
    norm_cfg=dict(type='BN3d', requires_grad=True, eps=1e-3),
    conv1_kernel=(3, 7, 7),
    conv1_stride_t=1,
    pool1_stride_t=1,
    inflate=(1, 1, 1, 1),
    spatial_strides=(1, 2, 2, 2),
    temporal_strides=(1, 2, 2, 2),
    zero_init_residual=False)
feat_dim = 512
