"""Projection of clip feature maps to unit-length embeddings."""
from typing import Optional

import torch
import torch.nn as nn
import torch.nn.functional as F
from mmengine.model import BaseModule

from mmssl.registry import MODELS

from .global_avg_pool import GlobalAvgPool


@MODELS.register_module()
class ProjectionNeck(BaseModule):
    """Global average pool, a linear layer (or a 2-layer MLP), L2 normalise.

    RSPNet's projection heads g_m and g_a: pool (M, C, t, h, w) to (M, C),
    map to D = ``out_channels`` with ``Linear(C, D)`` or, with
    ``hidden_channels``, ``Linear(C, H) - ReLU - Linear(H, D)``, and
    normalise to unit length.

    Args:
        in_channels (int): Channels C of the backbone output.
        out_channels (int): Embedding dimension D. Defaults to 128.
        hidden_channels (int, optional): Width H of the MLP variant; None
            for one linear layer. Defaults to None.
        init_cfg (dict, optional): Initialisation config. Defaults to None.
    """

    def __init__(self,
                 in_channels: int,
                 out_channels: int = 128,
                 hidden_channels: Optional[int] = None,
                 init_cfg: Optional[dict] = None) -> None:
        super().__init__(init_cfg=init_cfg)
        self.in_channels = in_channels
        self.out_channels = out_channels
        self.pool = GlobalAvgPool()
        if hidden_channels is None:
            self.mlp = nn.Linear(in_channels, out_channels)
        else:
            self.mlp = nn.Sequential(
                nn.Linear(in_channels, hidden_channels), nn.ReLU(inplace=True),
                nn.Linear(hidden_channels, out_channels))

    @property
    def is_linear(self) -> bool:
        """Whether the projection is one linear map (``mlp`` is its layer).
        """
        return isinstance(self.mlp, nn.Linear)

    def forward(self, feats: torch.Tensor) -> torch.Tensor:
        """Args: feats (M, C, ...) or (M, C). Returns unit vectors (M, D)."""
        return F.normalize(self.mlp(self.pool(feats)), dim=1)
