"""Pace Prediction (Wang, Jiao and Liu, ECCV 2020): pace classification,
optionally with a contrastive term (supplement, Algorithms 1 and 2)."""
from typing import Callable, Dict, List, NamedTuple, Optional, Tuple

import torch

from mmssl.errors import ConfigKeyError, ConfigValueError
from mmssl.registry import MODELS

from ..utils import gather_with_grad
from .transformation_recognizer import TransformationRecognizer


def _same_context_inputs(embeddings: torch.Tensor,
                         paces: torch.Tensor) -> Tuple[torch.Tensor, ...]:
    """(z, z') of ``SameContextContrastiveLoss``: clips 0 and 1 of every
    video, (B, D) each."""
    return embeddings[:, 0], embeddings[:, 1]


def _same_pace_inputs(embeddings: torch.Tensor,
                      paces: torch.Tensor) -> Tuple[torch.Tensor, ...]:
    """(z, pace_labels) of ``SamePaceContrastiveLoss``: the one clip of
    every video, (B, D), and its pace class, (B,)."""
    return embeddings[:, 0], paces[:, 0]


class ContrastiveInputs(NamedTuple):
    """What a contrastive loss compares.

    Attributes:
        num_clips (int): Clips per video.
        assign (str): The sampler's clip assignment that gives them.
        select (Callable): (embeddings (B, N, D), pace labels (B, N)) -> the
            loss's inputs on this process, then gathered over processes.
    """
    num_clips: int
    assign: str
    select: Callable


#: Contrastive loss type -> its inputs.
CONTRASTIVE_INPUTS: Dict[str, ContrastiveInputs] = {
    'SameContextContrastiveLoss':
    ContrastiveInputs(2, 'distinct_random', _same_context_inputs),
    'SamePaceContrastiveLoss':
    ContrastiveInputs(1, 'random', _same_pace_inputs),
}


@MODELS.register_module()
class PacePrediction(TransformationRecognizer):
    """Pace classification with an optional contrastive term.

    Every clip was sampled at a pace from the sampler's pace set; the pace
    head (a ``TransformationHead`` with ``MultiClipCrossEntropyLoss``)
    classifies it, exactly as :class:`TransformationRecognizer` does
    (TransCls), so ``predict``, the ``tensor`` mode and
    ``TransformationAccuracy`` work unchanged. With ``projection`` and
    ``contrastive_loss`` configured, the pooled clip features (B, N, C) also
    go through the projection (pool, MLP, L2 normalise; ``ProjectionNeck``
    with ``hidden_channels``) to unit embeddings (B, N, D), gathered over all
    processes with their gradient (:func:`gather_with_grad`), so that every
    clip of the global batch is a negative:

    - ``SameContextContrastiveLoss`` (Algorithm 1): N = 2 clips per video at
      two different paces (``MultiClipSampler(assign='distinct_random')``)
      are a positive pair; NT-Xent over the 2B clips.
    - ``SamePaceContrastiveLoss`` (Algorithm 2): N = 1 clip per video; clips
      of the same pace class (the pace head's labels) are positives.

    The total loss is ``lambda_cls * L_cls + lambda_ctr * L_ctr``, the two
    weights being the ``loss_weight`` of the pace head's loss and of
    ``contrastive_loss``; both losses score cosines divided by the loss's
    ``temperature`` (the supplement's bare dot product is 1).

    Args:
        backbone (dict): Backbone config.
        heads (dict): Head configs by name; ``pace_head`` among them.
        pace_head (str): The head whose ``label_key`` holds the pace classes
            of the clips. Defaults to 'pace'.
        projection (dict, optional): Projection config, e.g. ``dict(
            type='ProjectionNeck', in_channels=512, hidden_channels=512,
            out_channels=128)``. Defaults to None (classification only).
        contrastive_loss (dict, optional): A loss of
            :data:`CONTRASTIVE_INPUTS`. Defaults to None.
        neck (dict): Pooling of the backbone output to (B*N, C).
            Defaults to ``dict(type='GlobalAvgPool')``.
        speediness (dict, optional): See :class:`TransformationRecognizer`.
        data_preprocessor (dict, optional): See
            :class:`BaseMultiClipAlgorithm`.
        init_cfg (dict, optional): Initialisation config. Defaults to None.
    """

    def __init__(self,
                 backbone: dict,
                 heads: dict,
                 pace_head: str = 'pace',
                 projection: Optional[dict] = None,
                 contrastive_loss: Optional[dict] = None,
                 neck: dict = dict(type='GlobalAvgPool'),
                 speediness: Optional[dict] = None,
                 data_preprocessor: Optional[dict] = None,
                 init_cfg: Optional[dict] = None) -> None:
        super().__init__(
            backbone=backbone,
            heads=heads,
            neck=neck,
            speediness=speediness,
            data_preprocessor=data_preprocessor,
            init_cfg=init_cfg)
        if pace_head not in self.heads:
            raise ConfigKeyError(f'pace_head="{pace_head}" is not one of the '
                                 f'heads {list(self.heads)}')
        self.pace_head = pace_head
        if (projection is None) != (contrastive_loss is None):
            raise ConfigValueError(
                f'{type(self).__name__}: projection and contrastive_loss go '
                'together; set both or neither')
        self.projection = self.contrastive_loss = None
        self.contrastive_inputs = None
        if contrastive_loss is not None:
            if contrastive_loss.get('type') not in CONTRASTIVE_INPUTS:
                raise ConfigValueError(
                    f'contrastive_loss.type={contrastive_loss.get("type")!r}'
                    f', expected one of {sorted(CONTRASTIVE_INPUTS)}')
            self.contrastive_inputs = CONTRASTIVE_INPUTS[
                contrastive_loss['type']]
            self.projection = MODELS.build(projection)
            self.contrastive_loss = MODELS.build(contrastive_loss)

    def loss(self, inputs: torch.Tensor, data_samples: List) -> dict:
        """Pace classification and, if configured, the contrastive loss.

        Args:
            inputs (torch.Tensor): Clips, (B, N, C, T, H, W).
            data_samples (list[ActionDataSample]): B samples holding each
                head's ``label_key`` (N,).

        Returns:
            dict: ``loss_<name>`` and ``acc_<name>`` of every head, and
            ``loss_contrast`` with a contrastive loss.
        """
        feats = self.extract_feat(inputs)
        losses = {}
        for head in self.heads.values():
            losses.update(head.loss(feats, data_samples))
        if self.contrastive_loss is not None:
            losses['loss_contrast'] = self.contrast(feats, data_samples)
        return losses

    def contrast(self, feats: torch.Tensor,
                 data_samples: List) -> torch.Tensor:
        """The weighted contrastive loss over the global batch.

        Args:
            feats (torch.Tensor): Pooled clip features, (B, N, C).
            data_samples (list[ActionDataSample]): B samples with the pace
                head's labels (N,).

        Returns:
            torch.Tensor: Scalar, ``loss_weight`` times the loss.
        """
        expected = self.contrastive_inputs
        if feats.shape[1] != expected.num_clips:
            raise ConfigValueError(
                f'{type(self.contrastive_loss).__name__} compares '
                f'{expected.num_clips} clip(s) per video, got '
                f'{feats.shape[1]}; sample with MultiClipSampler(assign='
                f'{expected.assign!r}, num_clips={expected.num_clips})')
        head = self.heads[self.pace_head]
        paces = head.gather_labels(data_samples, feats)
        embeddings = self.projection(feats.flatten(0, 1)).unflatten(
            0, feats.shape[:2])
        return self.contrastive_loss(*[
            gather_with_grad(tensor)
            for tensor in expected.select(embeddings, paces)
        ])
