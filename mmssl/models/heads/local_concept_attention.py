"""Concept-specific local features: prototypes attending over local tokens
(Static and Dynamic Concepts' local concept alignment)."""
from typing import Optional

import torch
import torch.nn as nn
from mmengine.model import BaseModule

from mmssl.registry import MODELS


@MODELS.register_module()
class LocalConceptAttention(BaseModule):
    """One cross-attention layer from K concept prototypes to L tokens.

    The backbone map (C, t, h, w) of a clip gives L = t*h*w local tokens
    (e.g. 2 x 7 x 7 = 98 of 512-d for R(2+1)D-18 on 16 x 112 x 112 clips).
    Each prototype (a query, layer-normalised and projected) attends over
    the layer-normalised tokens with scaled dot-product softmax over L; the
    attended values are added to the prototype, followed by a residual MLP
    (D - D/2 - D). The output is one feature per concept and clip: what the
    clip shows where that concept is.

    Args:
        in_channels (int): C of the tokens. Defaults to 512.
        embed_dims (int): D of the prototypes and of the output.
            Defaults to 512.
        init_cfg (dict, optional): Initialisation config. Defaults to None.
    """

    def __init__(self,
                 in_channels: int = 512,
                 embed_dims: int = 512,
                 init_cfg: Optional[dict] = None) -> None:
        super().__init__(init_cfg=init_cfg)
        self.norm_tokens = nn.LayerNorm(in_channels)
        self.norm_queries = nn.LayerNorm(embed_dims)
        self.query = nn.Linear(embed_dims, embed_dims, bias=False)
        self.key = nn.Linear(in_channels, embed_dims, bias=False)
        self.value = nn.Linear(in_channels, embed_dims, bias=False)
        self.norm_mlp = nn.LayerNorm(embed_dims)
        self.mlp = nn.Sequential(
            nn.Linear(embed_dims, embed_dims // 2), nn.ReLU(inplace=True),
            nn.Linear(embed_dims // 2, embed_dims))
        self.scale = embed_dims**-0.5

    def forward(self, maps: torch.Tensor,
                prototypes: torch.Tensor) -> torch.Tensor:
        """Concept-specific local features.

        Args:
            maps (torch.Tensor): (M, C, t, h, w) backbone maps of M clips.
            prototypes (torch.Tensor): (K, D) concept prototypes.

        Returns:
            torch.Tensor: (M, K, D).
        """
        tokens = self.norm_tokens(maps.flatten(2).transpose(1, 2))
        queries = self.query(self.norm_queries(prototypes)) * self.scale
        weights = torch.einsum('kd,mld->mkl', queries,
                               self.key(tokens)).softmax(dim=2)
        out = prototypes + weights @ self.value(tokens)
        return out + self.mlp(self.norm_mlp(out))
