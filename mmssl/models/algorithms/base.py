"""Base class of self-supervised algorithms seeing several clips per video."""
from abc import ABCMeta, abstractmethod
from typing import List, Optional, Sequence

import torch
from mmengine.model import BaseModel

from mmssl.registry import MODELS

from ..utils import check_multi_clip, encode_clips

MODES = ('loss', 'predict', 'tensor')


class BaseMultiClipAlgorithm(BaseModel, metaclass=ABCMeta):
    """Backbone (and optional neck) shared by every clip of every video.

    The inputs hold ``N`` clips per video; :meth:`extract_feat` encodes all
    of them, or a chosen subset, as independent clips and groups the
    features by video again (:func:`mmssl.models.utils.encode_clips`), so
    heads and losses see (B, n, ...). Subclasses implement :meth:`loss` and
    :meth:`predict`.

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

    def encode(self, clips: torch.Tensor) -> torch.Tensor:
        """Backbone, then neck, of single clips.

        Args:
            clips (torch.Tensor): (M, C, T, H, W).

        Returns:
            torch.Tensor: (M, ...), e.g. (M, C') after a pooling neck or
            (M, C', t, h, w) without a neck.
        """
        feats = self.backbone(clips)
        return self.neck(feats) if self.neck is not None else feats

    def extract_feat(self,
                     inputs: torch.Tensor,
                     clips: Optional[Sequence[int]] = None) -> torch.Tensor:
        """Features of the chosen clips of every video, grouped by video.

        Args:
            inputs (torch.Tensor): Clips, (B, N, C, T, H, W).
            clips (Sequence[int], optional): Indices of the clips to encode;
                None for all N. Defaults to None.

        Returns:
            torch.Tensor: (B, n, ...), e.g. (B, n, C') after a pooling neck
            or (B, n, C', t, h, w) without a neck.
        """
        check_multi_clip(inputs, type(self).__name__)
        return encode_clips(self.encode, inputs, clips)

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
