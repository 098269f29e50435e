"""Two-layer MLP classification head (Sync and Order downstream tasks)."""
from typing import Optional

import torch
import torch.nn as nn
from mmaction.models.heads import BaseHead
from mmengine.model.weight_init import kaiming_init, normal_init

from mmssl.errors import ConfigValueError
from mmssl.registry import MODELS

from ..necks import GlobalAvgPool


@MODELS.register_module()
class MLPClsHead(BaseHead):
    """Classify pooled features with Linear-ReLU-Dropout-Linear.

    Feature maps are globally average pooled first, so the head sits on a
    3D backbone (``Recognizer3D``) as well as on already pooled features
    (``ClipPairRecognizer``, C3D). Losses, accuracies and the averaging of
    test clips (``average_clips``) are MMAction2's ``BaseHead``'s.

    Args:
        num_classes (int): Number of classes.
        in_channels (int): Channels C of the input features.
        hidden_channels (int): Width of the hidden layer. Defaults to 512.
        dropout_ratio (float): Dropout on the hidden layer. Defaults to 0.5.
        init_std (float): Std of the normal init of the output layer; the
            hidden layer gets Kaiming init. Defaults to 0.01.
        loss_cls (dict): Loss config. Defaults to
            ``dict(type='CrossEntropyLoss')``.
        kwargs: Other ``BaseHead`` arguments (``topk``, ``average_clips``,
            ``label_smooth_eps``, ``init_cfg``).
    """

    def __init__(self,
                 num_classes: int,
                 in_channels: int,
                 hidden_channels: int = 512,
                 dropout_ratio: float = 0.5,
                 init_std: float = 0.01,
                 loss_cls: dict = dict(type='CrossEntropyLoss'),
                 **kwargs) -> None:
        super().__init__(num_classes, in_channels, loss_cls, **kwargs)
        self.init_std = init_std
        self.pool = GlobalAvgPool()
        self.fc_hidden = nn.Linear(in_channels, hidden_channels)
        self.relu = nn.ReLU(inplace=True)
        self.dropout: Optional[nn.Dropout] = (
            nn.Dropout(p=dropout_ratio) if dropout_ratio > 0 else None)
        self.fc_cls = nn.Linear(hidden_channels, num_classes)

    def init_weights(self) -> None:
        """Kaiming init of the hidden layer, normal init of the output."""
        kaiming_init(self.fc_hidden, mode='fan_in', nonlinearity='relu')
        normal_init(self.fc_cls, std=self.init_std)

    def forward(self, x: torch.Tensor, **kwargs) -> torch.Tensor:
        """Class scores.

        Args:
            x (torch.Tensor): Features (B, C) or maps (B, C, t, h, w).

        Returns:
            torch.Tensor: Scores (B, num_classes).
        """
        x = self.pool(x)
        if x.shape[1] != self.in_channels:
            raise ConfigValueError(
                f'MLPClsHead expects {self.in_channels} input channels '
                f'(in_channels), got features of shape {tuple(x.shape)}')
        x = self.relu(self.fc_hidden(x))
        if self.dropout is not None:
            x = self.dropout(x)
        return self.fc_cls(x)
