"""The R(2+1)D of VCOP (Xu et al., CVPR 2019), used by Pace Prediction and
RSPNet."""
from typing import Dict, Sequence, Union

import torch
import torch.nn as nn
from mmaction.models.backbones import ResNet3d
from mmcv.cnn import build_norm_layer
from mmengine.model.weight_init import constant_init, kaiming_init
from torch.nn.modules.utils import _triple

from mmssl.registry import MODELS


class FactorizedConv3d(nn.Module):
    """A (2+1)D convolution: a 1xkxk spatial convolution, BN, ReLU and a
    tx1x1 temporal convolution.

    Its middle width is Tran et al.'s (2018, Sec. 3.5)
    ``floor(t * k * k * C_in * C_out / (k * k * C_in + t * C_out))`` with
    the real temporal kernel t. MMAction2's ``Conv2plus1d`` fixes t = 3,
    which gives other widths for 1x1x1 convolutions (54 instead of 42 for
    the 64 -> 128 shortcut); for t = 3 both agree.

    Args:
        in_channels, out_channels, kernel_size, stride, padding: As in
            ``nn.Conv3d``; ``kernel_size``, ``stride`` and ``padding`` are
            split into their spatial and temporal parts.
        dilation, groups: Only 1 is supported (kept for ``ConvModule``).
        bias (bool): Bias of both convolutions. Defaults to False.
        norm_cfg (dict): The norm between the two convolutions.
            Defaults to ``dict(type='BN3d')``.
    """

    def __init__(self,
                 in_channels: int,
                 out_channels: int,
                 kernel_size: Union[int, Sequence[int]],
                 stride: Union[int, Sequence[int]] = 1,
                 padding: Union[int, Sequence[int]] = 0,
                 dilation: int = 1,
                 groups: int = 1,
                 bias: bool = False,
                 norm_cfg: Dict = dict(type='BN3d')) -> None:
        super().__init__()
        if _triple(dilation) != (1, 1, 1) or groups != 1:
            raise ValueError('FactorizedConv3d supports dilation=1 and '
                             f'groups=1 only, got {dilation} and {groups}')
        kernel_size, stride = _triple(kernel_size), _triple(stride)
        padding = _triple(padding)
        (t, h, w), (c_in, c_out) = kernel_size, (in_channels, out_channels)
        mid_channels = t * h * w * c_in * c_out // (h * w * c_in + t * c_out)
        self.in_channels, self.out_channels = in_channels, out_channels
        self.kernel_size, self.stride, self.padding = (kernel_size, stride,
                                                       padding)
        self.dilation, self.groups = (1, 1, 1), 1
        self.transposed, self.output_padding = False, (0, 0, 0)
        self.conv_s = nn.Conv3d(in_channels,
                                mid_channels, (1, h, w),
                                stride=(1, stride[1], stride[2]),
                                padding=(0, padding[1], padding[2]),
                                bias=bias)
        _, self.bn_s = build_norm_layer(norm_cfg, mid_channels)
        self.relu = nn.ReLU(inplace=True)
        self.conv_t = nn.Conv3d(mid_channels,
                                out_channels, (t, 1, 1),
                                stride=(stride[0], 1, 1),
                                padding=(padding[0], 0, 0),
                                bias=bias)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """Args: x (N, C_in, T, H, W). Returns (N, C_out, T', H', W')."""
        return self.conv_t(self.relu(self.bn_s(self.conv_s(x))))

    def init_weights(self) -> None:
        """Kaiming convolutions, unit BN."""
        kaiming_init(self.conv_s)
        kaiming_init(self.conv_t)
        constant_init(self.bn_s, 1, bias=0)


@MODELS.register_module()
class ResNet2Plus1dVCOP(ResNet3d):
    """R(2+1)D with the layout of VCOP's code: :class:`ResNet3d` with
    :class:`FactorizedConv3d` everywhere, the 1x1x1 shortcuts included, and
    no max pooling.

    MMAction2's ``ResNet2Plus1d`` differs in two ways that change the
    weights or the output: its shortcut convolutions get the t = 3 middle
    width, and it always max-pools after the stem. With the defaults this
    is VCOP's (and Pace Prediction's and RSPNet's) R(2+1)D with one basic
    block per stage ("R(2+1)D-10"): stem 3x7x7 with stride (1, 2, 2) and 83
    middle channels, stages of 64, 128, 256, 512 channels, stages 2-4
    halving time and space.

    Input (N, C, T, H, W); output (N, 512, T/8, H/16, W/16), e.g.
    (N, 512, 2, 7, 7) for 16x112x112 clips.

    Args:
        depth (int): Block type and default stage sizes, as in ResNet3d.
            Defaults to 18.
        stage_blocks (Sequence[int]): Blocks per stage.
            Defaults to ``(1, 1, 1, 1)``.
        norm_cfg (dict): All norm layers, the middle ones of the
            factorized convolutions included.
            Defaults to ``dict(type='BN3d', requires_grad=True)``.
        **kwargs: The other arguments of :class:`ResNet3d` except
            ``conv_cfg``.
    """

    def __init__(self,
                 depth: int = 18,
                 stage_blocks: Sequence[int] = (1, 1, 1, 1),
                 conv1_kernel: Sequence[int] = (3, 7, 7),
                 temporal_strides: Sequence[int] = (1, 2, 2, 2),
                 with_pool1: bool = False,
                 with_pool2: bool = False,
                 pretrained2d: bool = False,
                 zero_init_residual: bool = False,
                 norm_cfg: Dict = dict(type='BN3d', requires_grad=True),
                 **kwargs) -> None:
        super().__init__(depth=depth,
                         stage_blocks=tuple(stage_blocks),
                         conv1_kernel=conv1_kernel,
                         temporal_strides=temporal_strides,
                         with_pool1=with_pool1,
                         with_pool2=with_pool2,
                         pretrained2d=pretrained2d,
                         zero_init_residual=zero_init_residual,
                         conv_cfg=dict(type=FactorizedConv3d,
                                       norm_cfg=norm_cfg),
                         norm_cfg=norm_cfg,
                         **kwargs)
