import pytest
import torch
import torch.nn as nn

from mmssl.models.backbones import (C3DVCOP, FactorizedConv3d,
                                    ResNet2Plus1dVCOP, ResNet3dHara)


@pytest.mark.parametrize(
    'in_channels,out_channels,kernel,mid',
    [
        (3, 64, (3, 7, 7), 83),  # stem: 3*7*7*3*64 // (7*7*3 + 3*64)
        (64, 128, 1, 42),  # shortcut: 64*128 // (64 + 128)
        (64, 64, 3, 144),  # 27*64*64 // (9*64 + 3*64)
    ])
def test_factorized_conv_middle_width(in_channels, out_channels, kernel, mid):
    conv = FactorizedConv3d(in_channels, out_channels, kernel)
    assert conv.conv_s.out_channels == mid
    assert conv.conv_t.in_channels == mid


def test_factorized_conv_strides_and_padding():
    conv = FactorizedConv3d(8, 16, 3, stride=(2, 2, 2), padding=1)
    assert conv(torch.randn(1, 8, 8, 10, 10)).shape == (1, 16, 4, 5, 5)
    with pytest.raises(ValueError, match='dilation=1'):
        FactorizedConv3d(8, 16, 3, dilation=2)


def test_resnet2plus1d_vcop_shapes_and_layout():
    backbone = ResNet2Plus1dVCOP(base_channels=8)
    assert backbone.layer1[0].downsample is None
    shortcut = backbone.layer2[0].downsample.conv
    assert isinstance(shortcut, FactorizedConv3d)
    assert shortcut.conv_s.out_channels == 8 * 16 // (8 + 16)
    assert len(backbone.layer4) == 1
    # no max pool: 32 -> 16 (stem) -> 16, 8, 4, 2; time 8 -> 8, 4, 2, 1
    assert backbone(torch.randn(2, 3, 8, 32, 32)).shape == (2, 64, 1, 2, 2)


def test_resnet3d_hara_pools_time_after_the_stem():
    backbone = ResNet3dHara(base_channels=8)
    assert backbone.maxpool.kernel_size == 3
    assert backbone.maxpool.stride == (2, 2, 2)
    assert backbone.conv1.conv.kernel_size == (7, 7, 7)
    # time 16 -> 16 (stem) -> 8 (pool) -> 8, 4, 2, 1; space 64 -> 32 -> 16
    # -> 16, 8, 4, 2
    assert backbone(torch.randn(1, 3, 16, 64, 64)).shape == (1, 64, 1, 2, 2)


def test_c3d_vcop_shapes_bias_and_norm_eval():
    backbone = C3DVCOP(base_channels=8, norm_eval=True)
    assert backbone.conv1a.conv.bias is not None
    assert backbone.feat_dim == 64
    assert [name for name in backbone.layer_names if name.startswith('pool')
            ] == ['pool1', 'pool2', 'pool3', 'pool4']
    assert backbone.pool1.kernel_size == (1, 2, 2)
    assert backbone(torch.randn(1, 3, 16, 48, 48)).shape == (1, 64, 2, 3, 3)
    backbone.train()
    assert all(not module.training for module in backbone.modules()
               if isinstance(module, nn.BatchNorm3d))
    assert backbone.conv1a.conv.training
