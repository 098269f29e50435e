# C3D (Tran et al., 2015) with batch normalisation, as used by self-supervised
# video methods. Its fc6/fc7 layers fix the input to 16x112x112; 4096-d output.
backbone = dict(
    type='C3D',
    pretrained=None,
    style='pytorch',
    conv_cfg=dict(type='Conv3d'),
    norm_cfg=dict(type='BN3d'),
    act_cfg=dict(type='ReLU'),
    dropout_ratio=0.5,
    init_std=0.005)
feat_dim = 4096
