"""Recognizer of a relation between two clips (Sync downstream task)."""
from typing import Tuple

import torch
from mmaction.utils import OptSampleList

from mmssl.errors import ConfigValueError
from mmssl.registry import MODELS

from ..necks import GlobalAvgPool
from .transfer_recognizer import TransferRecognizer3D

STAGES = ('backbone', 'neck', 'head')


@MODELS.register_module()
class ClipPairRecognizer(TransferRecognizer3D):
    """Classify two clips ``a``, ``b`` from ``psi(a) - psi(b)``.

    Each sample holds the pair as two clips, inputs (B, 2, C, T, H, W).
    Both clips run through the backbone (and the neck, if any); the last
    feature map (res4 of a ResNet) is globally average pooled into
    ``psi(a)``, ``psi(b)`` (B, C'), and the head classifies their difference
    (B, C'). The Sync protocol freezes the backbone
    (``freeze_backbone=True``). Arguments are
    :class:`TransferRecognizer3D`'s.
    """

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.pool = GlobalAvgPool()

    def fuse(self, feats: torch.Tensor, batch_size: int) -> torch.Tensor:
        """``psi(a) - psi(b)``.

        Args:
            feats (torch.Tensor): Features of clip a, b of every sample,
                (B*2, C', ...) in that order.
            batch_size (int): B.

        Returns:
            torch.Tensor: (B, C').
        """
        pooled = self.pool(feats).view(batch_size, 2, -1)
        return pooled[:, 0] - pooled[:, 1]

    def extract_feat(self,
                     inputs: torch.Tensor,
                     stage: str = 'neck',
                     data_samples: OptSampleList = None,
                     test_mode: bool = False) -> Tuple[torch.Tensor, dict]:
        """Fused pair features.

        Args:
            inputs (torch.Tensor): (B, 2, C, T, H, W), clip a then clip b.
            stage (str): ``'backbone'``: the per-clip feature maps
                (B*2, C', t, h, w); ``'neck'``: ``psi(a) - psi(b)`` (B, C');
                ``'head'``: class scores (B, num_classes). Defaults to
                ``'neck'``.
            data_samples (list[ActionDataSample], optional): Defaults to
                None.
            test_mode (bool): Defaults to False.

        Returns:
            tuple[torch.Tensor, dict]: The features and the keyword
            arguments of the head's ``loss``/``predict``.
        """
        if inputs.ndim != 6 or inputs.shape[1] != 2:
            raise ValueError(
                'ClipPairRecognizer expects inputs (B, 2, C, T, H, W), one '
                f'clip pair per sample, got shape {tuple(inputs.shape)}')
        if stage not in STAGES:
            raise ConfigValueError(f'ClipPairRecognizer stage must be one of '
                                   f'{STAGES}, got stage={stage!r}')
        if stage == 'backbone':
            return super().extract_feat(inputs, stage='backbone')
        feats, head_kwargs = super().extract_feat(
            inputs,
            stage='neck',
            data_samples=data_samples,
            test_mode=test_mode)
        fused = self.fuse(feats, batch_size=inputs.shape[0])
        if stage == 'head':
            return self.cls_head(fused, **head_kwargs), head_kwargs
        return fused, head_kwargs
