"""Transformation scores per clip: TransRank, TransCls, pace classification."""
from typing import List, Optional

import torch
import torch.nn as nn
from mmengine.model import BaseModule

from mmssl.errors import ConfigKeyError, ConfigValueError
from mmssl.registry import MODELS


@MODELS.register_module()
class TransformationHead(BaseModule):
    """Score every clip for each transformation of one set.

    A linear layer, or a 2-layer MLP, maps pooled clip features to ``M``
    scores. Whether the scores are trained by ranking (TransRank) or by
    classification (TransCls) is decided by the ``loss`` config alone.

    Args:
        name (str): Suffix of the output keys (``loss_<name>``,
            ``acc_<name>``); :class:`TransformationRecognizer` sets it to
            the head's key in its ``heads`` dict.
        label_key (str): Data-sample field holding each clip's
            transformation, a (N,) int64 tensor or array, e.g.
            ``'temporal_labels'``.
        num_classes (int): Number of transformations ``M``.
        in_channels (int): Channels ``C`` of the pooled clip features.
        mlp_hidden (int, optional): Hidden width of a 2-layer MLP
            (Linear-ReLU-Linear); None for a single linear layer.
            Defaults to None.
        dropout (float): Dropout ratio on the input features. Defaults to 0.
        loss (dict): Config of a loss taking scores (B, N, M) and labels
            (B, N); its ``loss_weight`` weights this head in the total loss.
            Defaults to ``dict(type='TransformationRankingLoss')``.
        init_cfg (dict, optional): Initialisation config. Defaults to None.
    """

    def __init__(self,
                 name: str,
                 label_key: str,
                 num_classes: int,
                 in_channels: int,
                 mlp_hidden: Optional[int] = None,
                 dropout: float = 0.0,
                 loss: dict = dict(type='TransformationRankingLoss'),
                 init_cfg: Optional[dict] = None) -> None:
        super().__init__(init_cfg=init_cfg)
        self.name = name
        self.label_key = label_key
        self.num_classes = num_classes
        layers = [nn.Dropout(dropout)] if dropout > 0 else []
        if mlp_hidden is None:
            layers.append(nn.Linear(in_channels, num_classes))
        else:
            layers += [
                nn.Linear(in_channels, mlp_hidden),
                nn.ReLU(inplace=True),
                nn.Linear(mlp_hidden, num_classes)
            ]
        self.layers = nn.Sequential(*layers)
        self.loss_module = MODELS.build(loss)

    def forward(self, feats: torch.Tensor) -> torch.Tensor:
        """Args: feats (B, N, C). Returns raw scores (B, N, M)."""
        return self.layers(feats)

    def loss(self, feats: torch.Tensor, data_samples: List) -> dict:
        """Loss and accuracy of one batch.

        Args:
            feats (torch.Tensor): Pooled clip features, (B, N, C).
            data_samples (list[ActionDataSample]): B samples, each holding
                ``label_key`` as (N,) labels.

        Returns:
            dict: ``loss_<name>`` (scalar) and ``acc_<name>``, the fraction
            of clips whose own transformation has their highest score.
        """
        scores = self(feats)
        labels = self.gather_labels(data_samples, scores)
        with torch.no_grad():
            accuracy = (scores.argmax(-1) == labels).float().mean()
        return {
            f'loss_{self.name}': self.loss_module(scores, labels),
            f'acc_{self.name}': accuracy
        }

    def gather_labels(self, data_samples: List,
                      scores: torch.Tensor) -> torch.Tensor:
        """Stack the ``label_key`` field of the samples into (B, N) labels.

        Args:
            data_samples (list[ActionDataSample]): B samples.
            scores (torch.Tensor): Scores (B, N, M) the labels must match.

        Returns:
            torch.Tensor: int64 labels (B, N) on the device of ``scores``.
        """
        missing = [
            i for i, sample in enumerate(data_samples)
            if self.label_key not in sample
        ]
        if missing:
            raise ConfigKeyError(
                f'head "{self.name}": data samples {missing} have no field '
                f'"{self.label_key}" (label_key); the pipeline must pack it')
        labels = torch.stack([
            torch.as_tensor(sample.get(self.label_key))
            for sample in data_samples
        ]).to(device=scores.device, dtype=torch.long)
        if labels.shape != scores.shape[:2]:
            raise ConfigValueError(
                f'head "{self.name}": "{self.label_key}" has shape '
                f'{tuple(labels.shape)}, expected (batch, clips) = '
                f'{tuple(scores.shape[:2])}')
        if labels.min() < 0 or labels.max() >= self.num_classes:
            raise ConfigValueError(
                f'head "{self.name}": "{self.label_key}" holds values in '
                f'[{labels.min().item()}, {labels.max().item()}], expected '
                f'[0, {self.num_classes}) (num_classes={self.num_classes})')
        return labels
