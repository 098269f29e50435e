"""Transformation recognition: TransRank, TransCls, pace classification."""
import math
from typing import List, Optional, Sequence

import torch
import torch.nn as nn
from mmaction.structures import ActionDataSample

from mmssl.errors import ConfigKeyError, ConfigValueError
from mmssl.registry import MODELS

from .base import BaseMultiClipAlgorithm


def speediness_weights(rates: Sequence[Optional[float]]) -> torch.Tensor:
    """Weights turning a clip's raw scores into its speediness.

    Class ``k`` with playback rate ``r_k`` gets ``log2 r_k`` minus the mean
    of ``log2 r`` over the speed classes; classes with rate None (reverse,
    periodic, ...) get 0.

    Args:
        rates (Sequence[float | None]): Playback rate of every class of the
            head, None for classes that are not a speed.

    Returns:
        torch.Tensor: Weights (M,) summing to zero.
    """
    speeds = [rate for rate in rates if rate is not None]
    if len(set(speeds)) < 2 or min(speeds, default=0) <= 0:
        raise ConfigValueError(
            f'speediness.rates={list(rates)}: expected at least two distinct '
            'positive playback rates (None for non-speed classes)')
    log_rates = [math.log2(rate) for rate in speeds]
    centre = sum(log_rates) / len(log_rates)
    return torch.tensor([
        0.0 if rate is None else math.log2(rate) - centre for rate in rates
    ])


@MODELS.register_module()
class TransformationRecognizer(BaseMultiClipAlgorithm):
    """Recognise the transformations applied to the clips of a video.

    Each head scores every clip for one transformation set (speeds, rotation
    angles, ...). TransRank and TransCls are this model with the same heads
    and a different head loss (``TransformationRankingLoss`` or
    ``MultiClipCrossEntropyLoss``); TransRank-ST adds a rotation head. The
    total loss is the sum of the heads' losses, each weighted by the
    ``loss_weight`` of its loss config.

    Predictions: every returned ``ActionDataSample`` gets, per head
    ``name``, a field ``<name>_scores``: the raw scores (N, M); with
    ``speediness`` configured, also ``speediness`` (N,), see
    :func:`speediness_weights`: the scores of the speed head weighted by
    centred log2 playback rates, summed. It uses the raw (unnormalised)
    scores, grows with the evidence that the clip is fast and does not
    change when a constant is added to all scores of a clip. The ``tensor``
    mode returns the pooled clip features (B, N, C).

    Args:
        backbone (dict): Backbone config.
        heads (dict): Head configs by name, e.g. ``dict(temporal=dict(
            type='TransformationHead', label_key='temporal_labels', ...))``.
            The key is given to each head as its ``name``.
        neck (dict): Pooling of the backbone output to (B*N, C).
            Defaults to ``dict(type='GlobalAvgPool')``.
        speediness (dict, optional): ``dict(head=<name>, rates=[...])``,
            the playback rate of every class of that head (None for classes
            that are not a speed). Defaults to None (no speediness).
        data_preprocessor (dict, optional): See
            :class:`BaseMultiClipAlgorithm`.
        init_cfg (dict, optional): Initialisation config. Defaults to None.
    """

    def __init__(self,
                 backbone: dict,
                 heads: dict,
                 neck: dict = dict(type='GlobalAvgPool'),
                 speediness: Optional[dict] = None,
                 data_preprocessor: Optional[dict] = None,
                 init_cfg: Optional[dict] = None) -> None:
        super().__init__(
            backbone=backbone,
            neck=neck,
            data_preprocessor=data_preprocessor,
            init_cfg=init_cfg)
        if not heads:
            raise ConfigValueError(f'{type(self).__name__}: heads is empty, '
                                   'expected at least one head config')
        self.heads = nn.ModuleDict({
            name: MODELS.build(dict(cfg, name=name))
            for name, cfg in heads.items()
        })
        self.speed_head = None
        if speediness is not None:
            self._init_speediness(**speediness)

    def _init_speediness(self, head: str, rates: Sequence) -> None:
        if head not in self.heads:
            raise ConfigKeyError(f'speediness.head="{head}" is not one of the '
                                 f'heads {list(self.heads)}')
        num_classes = self.heads[head].num_classes
        if len(rates) != num_classes:
            raise ConfigValueError(
                f'speediness.rates has {len(rates)} entries, expected one '
                f'per class of head "{head}" (num_classes={num_classes})')
        self.speed_head = head
        self.register_buffer(
            'speed_weights', speediness_weights(rates), persistent=False)

    def loss(self, inputs: torch.Tensor, data_samples: List) -> dict:
        """Losses and accuracies of every head.

        Args:
            inputs (torch.Tensor): Clips, (B, N, C, T, H, W).
            data_samples (list[ActionDataSample]): B samples holding each
                head's ``label_key``.

        Returns:
            dict: ``loss_<name>`` and ``acc_<name>`` for every head.
        """
        feats = self.extract_feat(inputs)
        losses = {}
        for head in self.heads.values():
            losses.update(head.loss(feats, data_samples))
        return losses

    def predict(self, inputs: torch.Tensor,
                data_samples: Optional[List] = None) -> List:
        """Per-clip scores of every head, and the speediness.

        Args:
            inputs (torch.Tensor): Clips, (B, N, C, T, H, W).
            data_samples (list[ActionDataSample], optional): B samples to
                write into; new ones are made when None.

        Returns:
            list[ActionDataSample]: B samples with ``<name>_scores`` (N, M)
            per head and, if configured, ``speediness`` (N,).
        """
        feats = self.extract_feat(inputs)
        if data_samples is None:
            data_samples = [ActionDataSample() for _ in range(len(feats))]
        scores = {name: head(feats) for name, head in self.heads.items()}
        for index, sample in enumerate(data_samples):
            for name, head_scores in scores.items():
                sample.set_field(head_scores[index], f'{name}_scores')
            if self.speed_head is not None:
                sample.speediness = \
                    scores[self.speed_head][index] @ self.speed_weights
        return data_samples
