"""Base class of self-supervised algorithms seeing several clips per video."""
from abc import ABCMeta, abstractmethod
from typing import List, Optional

import torch
from mmengine.model import BaseModel

from mmssl.registry import MODELS

MODES = ('loss', 'predict', 'tensor')


class BaseMultiClipAlgorithm(BaseModel, metaclass=ABCMeta):
    """Backbone (and optional neck) shared by every clip of every video.

    The inputs hold ``N`` clips per video; they are folded into the batch
    axis, run through the backbone as ``B*N`` independent clips and unfolded
    again, so heads and losses see features grouped by video. Subclasses
    implement :meth:`loss` and :meth:`predict`.

    Args:
        backbone (dict): Backbone config, e.g. MMAction2's ``ResNet3d``.
        neck (dict, optional): Module applied to the backbone output, e.g.
            ``dict(type='GlobalAvgPool')``. Defaults to None.
        data_preprocessor (dict, optional): Defaults to MMAction2's
            ``ActionDataPreprocessor`` with ``format_shape='NCTHW'``.
        init_cfg (dict, optional): Initialisation config. Defaults to None.
    """

    def __init__(self,
                 backbone: dict,
                 neck: Optional[dict] = None,
                 data_preprocessor: Optional[dict] = None,
                 init_cfg: Optional[dict] = None) -> None:
        if data_preprocessor is None:
            data_preprocessor = dict(
                type='ActionDataPreprocessor', format_shape='NCTHW')
        super().__init__(
            data_preprocessor=data_preprocessor, init_cfg=init_cfg)
        self.backbone = MODELS.build(backbone)
        self.neck = MODELS.build(neck) if neck is not None else None

    def extract_feat(self, inputs: torch.Tensor) -> torch.Tensor:
        """Features of every clip, grouped by video.

        Args:
            inputs (torch.Tensor): Clips, (B, N, C, T, H, W).

        Returns:
            torch.Tensor: (B, N, ...), e.g. (B, N, C') after a pooling neck
            or (B, N, C', t, h, w) without a neck.
        """
        if inputs.ndim != 6:
            raise ValueError(
                f'{type(self).__name__} expects inputs (B, N, C, T, H, W), '
                f'got shape {tuple(inputs.shape)}; pack N clips per video '
                'and use format_shape="NCTHW"')
        batch_size, num_clips = inputs.shape[:2]
        feats = self.backbone(inputs.flatten(0, 1))
        if self.neck is not None:
            feats = self.neck(feats)
        return feats.unflatten(0, (batch_size, num_clips))

    def forward(self,
                inputs: torch.Tensor,
                data_samples: Optional[List] = None,
                mode: str = 'tensor'):
        """Dispatch to :meth:`loss`, :meth:`predict` or :meth:`extract_feat`.

        Args:
            inputs (torch.Tensor): Clips, (B, N, C, T, H, W).
            data_samples (list[ActionDataSample], optional): B samples.
            mode (str): ``'loss'`` (dict of losses), ``'predict'`` (list of
                ``ActionDataSample``) or ``'tensor'`` (the features of
                :meth:`extract_feat`). Defaults to ``'tensor'``.
        """
        if mode == 'loss':
            return self.loss(inputs, data_samples)
        if mode == 'predict':
            return self.predict(inputs, data_samples)
        if mode == 'tensor':
            return self.extract_feat(inputs)
        raise ValueError(
            f'{type(self).__name__}.forward: mode "{mode}" is not one of '
            f'{MODES}')

    @abstractmethod
    def loss(self, inputs: torch.Tensor, data_samples: List) -> dict:
        """Losses (keys containing ``loss``) and logged metrics."""

    @abstractmethod
    def predict(self, inputs: torch.Tensor,
                data_samples: Optional[List]) -> List:
        """The data samples with this algorithm's predictions added."""
