"""The 3D ResNet of Hara et al. (CVPR 2018), RSPNet's "ResNet-18"."""
from typing import Sequence

import torch.nn as nn
from mmaction.models.backbones import ResNet3d

from mmssl.registry import MODELS


@MODELS.register_module()
class ResNet3dHara(ResNet3d):
    """:class:`ResNet3d` whose stem max pool also pools time.

    Every layer, parameter name and shape is that of MMAction2's
    ``ResNet3d``; only the max pool after the stem differs: a 3x3x3 kernel
    with padding 1 and stride ``(pool1_stride_t, pool1_stride_s,
    pool1_stride_s)`` instead of ``ResNet3d``'s 1x3x3 kernel. With the
    defaults it is the 3D ResNet-18 of Hara et al. (2018) with shortcut B:
    conv1 7x7x7 with stride (1, 2, 2), max pool 3x3x3 with stride 2, basic
    blocks [2, 2, 2, 2] of 3x3x3 convolutions, stages 2-4 halving time and
    space, 1x1x1 convolution + BN shortcuts where the shape changes.

    Input (N, C, T, H, W); output (N, 512, T', H', W') with T' = T/16 and
    H' = H/32 rounded up: (N, 512, 1, 4, 4) for 16x112x112 clips.

    Args:
        depth (int): 18, 34, 50, 101 or 152. Defaults to 18.
        conv1_kernel (Sequence[int]): Stem kernel (t, h, w).
            Defaults to ``(7, 7, 7)``.
        pool1_stride_t (int): Temporal stride of the stem max pool.
            Defaults to 2.
        temporal_strides (Sequence[int]): Per stage. Defaults to
            ``(1, 2, 2, 2)``.
        inflate (Sequence[int]): Per stage, 1 for 3x3x3 block convolutions.
            Defaults to ``(1, 1, 1, 1)``.
        with_pool2 (bool): Max-pool time after stage 1. Defaults to False.
        pretrained2d (bool): Defaults to False.
        zero_init_residual (bool): Defaults to False.
        **kwargs: The other arguments of :class:`ResNet3d`.
    """

    def __init__(self,
                 depth: int = 18,
                 conv1_kernel: Sequence[int] = (7, 7, 7),
                 pool1_stride_t: int = 2,
                 temporal_strides: Sequence[int] = (1, 2, 2, 2),
                 inflate: Sequence[int] = (1, 1, 1, 1),
                 with_pool2: bool = False,
                 pretrained2d: bool = False,
                 zero_init_residual: bool = False,
                 **kwargs) -> None:
        super().__init__(depth=depth,
                         conv1_kernel=conv1_kernel,
                         pool1_stride_t=pool1_stride_t,
                         temporal_strides=temporal_strides,
                         inflate=inflate,
                         with_pool2=with_pool2,
                         pretrained2d=pretrained2d,
                         zero_init_residual=zero_init_residual,
                         **kwargs)

    def _make_stem_layer(self) -> None:
        """The stem of :class:`ResNet3d` with a 3x3x3 max pool."""
        super()._make_stem_layer()
        self.maxpool = nn.MaxPool3d(kernel_size=3,
                                    stride=(self.pool1_stride_t,
                                            self.pool1_stride_s,
                                            self.pool1_stride_s),
                                    padding=1)
