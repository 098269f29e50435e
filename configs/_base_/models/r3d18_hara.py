# The 3D ResNet-18 of Hara et al. (2018), RSPNet's "ResNet-18": conv1 7x7x7
# with stride (1, 2, 2), a 3x3x3 max pool with stride 2, basic blocks
# [2, 2, 2, 2], 1x1x1 conv + BN shortcuts. 512-d output. Loads the weights
# of tools/model_converters/rspnet_to_mmssl.py (arch resnet18).
backbone = dict(
    type='ResNet3dHara',
    depth=18,
    pretrained=None,
    conv1_kernel=(7, 7, 7),
    conv1_stride_t=1,
    pool1_stride_t=2,
    with_pool2=False,
    inflate=(1, 1, 1, 1),
    spatial_strides=(1, 2, 2, 2),
    temporal_strides=(1, 2, 2, 2),
    norm_eval=False)
feat_dim = 512
