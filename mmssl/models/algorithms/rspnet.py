"""RSPNet: relative speed perception and appearance-focused video instance
discrimination (Chen et al., AAAI 2021)."""
from typing import Dict, List, Optional, Sequence

import torch
import torch.nn as nn

from mmssl.errors import ConfigKeyError, ConfigValueError
from mmssl.registry import MODELS

from ..utils import (MomentumEncoder, check_multi_clip, encode_shuffled,
                     fold_clips, unfold_clips)
from .base import BaseMultiClipAlgorithm


@MODELS.register_module()
class RSPNet(BaseMultiClipAlgorithm):
    """A query clip against key clips of the same video, with momentum keys.

    Every video brings a query clip and key clips (from
    ``MultiClipSampler(assign='relative_speed')``: query, positive key,
    negative key) and their playback rates. The query goes through the
    backbone and each head's projection; the keys through the key encoder,
    a :class:`MomentumEncoder` copy of the backbone and the projections,
    updated at the start of every training step before the keys are
    computed; all key clips of the batch are encoded together, with
    shuffle-BN (:func:`encode_shuffled`). Each head then
    takes the query, the keys and the rates, and returns its loss; the total
    is the sum of the heads' losses, each weighted by its loss config's
    ``loss_weight``. RSPNet's heads are ``RelativeSpeedHead`` (g_m, RSP) and
    ``InstanceContrastHead`` (g_a, A-VID).

    Predictions: every returned ``ActionDataSample`` gets ``<name>_hits``
    per head, the head's :meth:`hits` (pretext successes, evaluated with
    ``ContrastAccuracy``). The ``tensor`` mode returns the backbone
    features of all clips, (B, N, C, t, h, w).

    Args:
        backbone (dict): Backbone config.
        heads (dict): Head configs by name, e.g. ``dict(rsp=dict(
            type='RelativeSpeedHead', ...), avid=dict(
            type='InstanceContrastHead', ...))``.
        momentum (float): MoCo's ``m`` of the key encoder. Defaults to 0.999.
        query_clip (int): Index of the query among the N clips.
            Defaults to 0.
        key_clips (Sequence[int]): Indices of the key clips.
            Defaults to (1, 2).
        rate_key (str): Data-sample field with the playback rates (N,).
            Defaults to 'playback_rates'.
        key_sub_batches (int): On one process, the keys are encoded in this
            many random sub-batches, so that their BN statistics are not
            those of their queries' batch (shuffle-BN needs several
            processes); 1 turns this off. Defaults to 2.
        data_preprocessor (dict, optional): See
            :class:`BaseMultiClipAlgorithm`.
        init_cfg (dict, optional): Initialisation config. Defaults to None.
    """

    def __init__(self,
                 backbone: dict,
                 heads: dict,
                 momentum: float = 0.999,
                 query_clip: int = 0,
                 key_clips: Sequence[int] = (1, 2),
                 rate_key: str = 'playback_rates',
                 key_sub_batches: int = 2,
                 data_preprocessor: Optional[dict] = None,
                 init_cfg: Optional[dict] = None) -> None:
        super().__init__(
            backbone=backbone,
            data_preprocessor=data_preprocessor,
            init_cfg=init_cfg)
        if not heads:
            raise ConfigValueError(f'{type(self).__name__}: heads is empty, '
                                   'expected at least one head config')
        if query_clip in key_clips or not key_clips:
            raise ConfigValueError(
                f'{type(self).__name__}: query_clip={query_clip} and '
                f'key_clips={tuple(key_clips)} must be disjoint and key_clips '
                'non-empty')
        self.heads = nn.ModuleDict({
            name: MODELS.build(dict(cfg, name=name))
            for name, cfg in heads.items()
        })
        self.query_clip = query_clip
        self.key_clips = tuple(key_clips)
        self.rate_key = rate_key
        self.key_sub_batches = key_sub_batches
        self.key_encoder = MomentumEncoder(self.query_encoder(), momentum)

    def init_weights(self) -> None:
        """Initialise as configured, then copy the query encoder to the key
        encoder, so that both start equal (also for evaluation before any
        training step)."""
        super().init_weights()
        self.key_encoder.steps.zero_()
        self.key_encoder.update_parameters(self.query_encoder())

    def query_encoder(self) -> nn.ModuleDict:
        """The modules the key encoder follows: backbone and projections."""
        return nn.ModuleDict(
            dict(
                backbone=self.backbone,
                projections=nn.ModuleDict({
                    name: head.projection
                    for name, head in self.heads.items()
                })))

    def gather_rates(self, data_samples: List,
                     inputs: torch.Tensor) -> torch.Tensor:
        """Playback rates (B, N) of the clips, on the CPU, where the heads
        derive which keys they compare without waiting for the device."""
        if not data_samples or any(self.rate_key not in sample
                                   for sample in data_samples):
            raise ConfigKeyError(
                f'{type(self).__name__}: data samples need the field '
                f'"{self.rate_key}" (rate_key), the playback rate of every '
                'clip; sample with MultiClipSampler and pack with '
                'PackMultiClipInputs')
        rates = torch.stack([
            torch.as_tensor(sample.get(self.rate_key)).cpu()
            for sample in data_samples
        ])
        if rates.shape != inputs.shape[:2]:
            raise ConfigValueError(
                f'{type(self).__name__}: "{self.rate_key}" has shape '
                f'{tuple(rates.shape)}, expected (batch, clips) = '
                f'{tuple(inputs.shape[:2])}')
        return rates

    @torch.no_grad()
    def encode_keys(self, inputs: torch.Tensor,
                    shuffle: bool) -> Dict[str, torch.Tensor]:
        """Key embeddings of every head, (B, K, D), by the key encoder.

        The B*K key clips go through the key backbone as one batch, through
        :func:`encode_shuffled` when ``shuffle`` (training).
        """
        encoder = self.key_encoder.module
        clips = fold_clips(inputs, self.key_clips)
        feats = encode_shuffled(encoder.backbone, clips,
                                self.key_sub_batches) if shuffle \
            else encoder.backbone(clips)
        return {
            name: unfold_clips(projection(feats), inputs.shape[0])
            for name, projection in encoder.projections.items()
        }

    def query_features(self, inputs: torch.Tensor) -> torch.Tensor:
        """Backbone features of the query clips, (B, C, t, h, w)."""
        return self.extract_feat(inputs, [self.query_clip])[:, 0]

    def loss(self, inputs: torch.Tensor, data_samples: List) -> dict:
        """Update the key encoder, then every head's loss and accuracy.

        Args:
            inputs (torch.Tensor): Clips, (B, N, C, T, H, W).
            data_samples (list[ActionDataSample]): B samples holding
                ``rate_key`` (N,).

        Returns:
            dict: ``loss_<name>`` and ``acc_<name>`` for every head.
        """
        check_multi_clip(inputs, type(self).__name__)
        rates = self.gather_rates(data_samples, inputs)
        self.key_encoder.update_parameters(self.query_encoder())
        keys = self.encode_keys(inputs, shuffle=True)
        query_feats = self.query_features(inputs)
        losses = {}
        for name, head in self.heads.items():
            losses.update(
                head.loss(
                    head(query_feats), keys[name], rates[:, self.query_clip],
                    rates[:, self.key_clips]))
        return losses

    @torch.no_grad()
    def predict(self, inputs: torch.Tensor, data_samples: List) -> List:
        """Pretext successes of every head, without updating anything.

        Args:
            inputs (torch.Tensor): Clips, (B, N, C, T, H, W).
            data_samples (list[ActionDataSample]): B samples holding
                ``rate_key``.

        Returns:
            list[ActionDataSample]: The samples with ``<name>_hits`` (P,)
            bool per head.
        """
        check_multi_clip(inputs, type(self).__name__)
        rates = self.gather_rates(data_samples, inputs)
        keys = self.encode_keys(inputs, shuffle=False)
        query_feats = self.query_features(inputs)
        for name, head in self.heads.items():
            hits = head.hits(
                head(query_feats), keys[name], rates[:, self.query_clip],
                rates[:, self.key_clips])
            for sample, sample_hits in zip(data_samples, hits):
                sample.set_field(sample_hits, f'{name}_hits')
        return data_samples
