# The R(2+1)D of VCOP (Xu et al., 2019), Pace Prediction and RSPNet: one
# basic block per stage ("R(2+1)D-10"), (2+1)D 1x1x1 shortcuts, no max pool.
# 512-d output. Loads the weights of
# tools/model_converters/{rspnet,pace}_to_mmssl.py (arch r21d).
backbone = dict(
    type='ResNet2Plus1dVCOP',
    depth=18,
    stage_blocks=(1, 1, 1, 1),
    pretrained=None,
    conv1_kernel=(3, 7, 7),
    conv1_stride_t=1,
    with_pool1=False,
    spatial_strides=(1, 2, 2, 2),
    temporal_strides=(1, 2, 2, 2),
    norm_eval=False)
feat_dim = 512
