"""Global average pooling of backbone feature maps."""
import torch
import torch.nn as nn

from mmssl.registry import MODELS


@MODELS.register_module()
class GlobalAvgPool(nn.Module):
    """Average a feature map over every axis after the channels.

    Works for 3D maps (B*N, C, t, h, w), 2D maps (B*N, C, h, w) and passes
    already pooled features (B*N, C) (e.g. C3D's fc output) through.
    """

    def forward(self, feats: torch.Tensor) -> torch.Tensor:
        """Args: feats (B*N, C, ...). Returns (B*N, C)."""
        if not isinstance(feats, torch.Tensor):
            raise TypeError(
                'GlobalAvgPool expects one feature map tensor, got '
                f'{type(feats).__name__}; set the backbone to a single '
                'out_indices entry')
        return feats.flatten(2).mean(-1) if feats.ndim > 2 else feats
