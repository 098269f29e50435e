"""C3D with batch normalisation and no fully connected layers (VCOP)."""
import warnings
from typing import Dict, List, Optional, Union

import torch
import torch.nn as nn
from mmcv.cnn import ConvModule
from mmengine.model import BaseModule
from torch.nn.modules.batchnorm import _BatchNorm

from mmssl.registry import MODELS

#: (name, output channels as a multiple of base_channels) of each
#: convolution, and the max pool (kernel = stride) that follows it, if any.
_LAYOUT = (('conv1a', 1, (1, 2, 2)), ('conv2a', 2, (2, 2, 2)),
           ('conv3a', 4, None), ('conv3b', 4, (2, 2, 2)), ('conv4a', 8, None),
           ('conv4b', 8, (2, 2, 2)), ('conv5a', 8, None), ('conv5b', 8, None))


@MODELS.register_module()
class C3DVCOP(BaseModule):
    """The C3D of VCOP (Xu et al., CVPR 2019) and the methods built on its
    code (Pace Prediction, RSPNet).

    Eight 3x3x3 convolutions with bias, each followed by BN and ReLU, of
    64, 128, 256, 256, 512, 512, 512, 512 channels (times
    ``base_channels / 64``); a 1x2x2 max pool after ``conv1a`` and 2x2x2 max
    pools after ``conv2a``, ``conv3b`` and ``conv4b``. Unlike MMAction2's
    ``C3D`` there is no pool5, fc6 or fc7, so any input size works and the
    output is the ``conv5b`` feature map. The convolutions keep their bias
    before BN, as in the original, because trained running means include it.

    Input (N, C, T, H, W); output (N, 8 * base_channels, T/8, H/16, W/16),
    e.g. (N, 512, 2, 7, 7) for 16x112x112 clips.

    Args:
        in_channels (int): Input channels. Defaults to 3.
        base_channels (int): Channels of ``conv1a``. Defaults to 64.
        norm_cfg (dict): Norm layers. Defaults to ``dict(type='BN3d')``.
        act_cfg (dict): Activations. Defaults to ``dict(type='ReLU')``.
        norm_eval (bool): Keep BN layers in eval mode while training.
            Defaults to False.
        init_cfg (dict or list[dict], optional): Defaults to None
            (``ConvModule``'s Kaiming convolutions, unit BN).
    """

    def __init__(self,
                 in_channels: int = 3,
                 base_channels: int = 64,
                 norm_cfg: Dict = dict(type='BN3d'),
                 act_cfg: Dict = dict(type='ReLU'),
                 norm_eval: bool = False,
                 init_cfg: Optional[Union[Dict, List[Dict]]] = None) -> None:
        super().__init__(init_cfg=init_cfg)
        self.norm_eval = norm_eval
        self.layer_names = []
        channels = in_channels
        with warnings.catch_warnings():
            # the bias before BN is part of the original architecture
            warnings.filterwarnings('ignore', 'Unnecessary conv bias')
            for name, multiple, pool in _LAYOUT:
                out_channels = base_channels * multiple
                self.add_module(
                    name,
                    ConvModule(channels,
                               out_channels,
                               kernel_size=3,
                               padding=1,
                               bias=True,
                               conv_cfg=dict(type='Conv3d'),
                               norm_cfg=norm_cfg,
                               act_cfg=act_cfg))
                self.layer_names.append(name)
                if pool is not None:
                    pool_name = f'pool{name[4]}'
                    self.add_module(
                        pool_name, nn.MaxPool3d(kernel_size=pool, stride=pool))
                    self.layer_names.append(pool_name)
                channels = out_channels
        self.feat_dim = channels

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """Args: x (N, C, T, H, W). Returns (N, 8 * base_channels, T/8,
        H/16, W/16)."""
        for name in self.layer_names:
            x = getattr(self, name)(x)
        return x

    def train(self, mode: bool = True) -> 'C3DVCOP':
        """Set training mode; BN stays in eval mode when ``norm_eval``."""
        super().train(mode)
        if mode and self.norm_eval:
            for module in self.modules():
                if isinstance(module, _BatchNorm):
                    module.eval()
        return self
