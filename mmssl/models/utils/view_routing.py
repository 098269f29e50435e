"""Encoding the clips of each kind of view with its own encoder call.

A multi-view batch (B, N, C, T, H, W) holds clips of several kinds (RGB,
static, frame difference; :data:`mmssl.view_labels.VIEW_LABELS`), given by
the packed ``view_labels`` (N,), the same for every video of the batch.
:func:`encode_views` sends the clips of each kind through the encoder in a
call of their own, so that batch normalisation never normalises one kind
with the statistics of another: with a shared encoder, each kind's call
normalises with its own batch statistics, and only the calls of one kind
(``running_stats_view``, RGB by default) update the running statistics, so
that a backbone evaluated on RGB clips after pre-training (retrieval, linear
probe) normalises with RGB statistics; with separate encoders (a mapping
from view name to encoder), each kind has its own. ``mix_bn=True`` encodes
all clips of a shared encoder in one call, as the Static and Dynamic
Concepts script does.
"""
from contextlib import contextmanager
from typing import Callable, Iterator, Mapping, Optional, Sequence, Union

import torch
import torch.nn as nn

from mmssl.errors import ConfigKeyError, ConfigValueError
from mmssl.view_labels import VIEW_LABELS, VIEW_NAMES

from .clip_encoding import check_multi_clip, encode_clips

Encoder = Callable[[torch.Tensor], torch.Tensor]


def view_labels_of(data_samples: Optional[Sequence],
                   num_clips: int,
                   key: str = 'view_labels') -> torch.Tensor:
    """The view label of every clip, shared by all samples of a batch.

    Args:
        data_samples (Sequence[ActionDataSample], optional): The batch's
            samples, each with a field ``key`` (N,), or none of them.
        num_clips (int): N, the clips per video.
        key (str): The field. Defaults to ``'view_labels'``.

    Returns:
        torch.Tensor: LongTensor (N,): the samples' common labels, or all
        ``VIEW_LABELS['rgb']`` (0) when no sample has ``key``.

    Raises:
        ConfigValueError: if some samples have ``key`` and others not, if
            the labels are not (N,), or if samples disagree.
    """
    found = [sample.get(key) for sample in data_samples or ()]
    present = [labels is not None for labels in found]
    if not any(present):
        return torch.zeros(num_clips, dtype=torch.long)
    if not all(present):
        raise ConfigValueError(
            f'data samples {[i for i, p in enumerate(present) if not p]} '
            f'have no {key!r} while others have; pack {key!r} in every '
            'sample (PackMultiClipInputs(label_keys=...))')
    labels = torch.as_tensor(found[0]).long()
    if labels.shape != (num_clips, ):
        raise ConfigValueError(
            f'{key!r} of the data samples has shape {tuple(labels.shape)}, '
            f'expected (num_clips,) = ({num_clips},)')
    for index, other in enumerate(found[1:], 1):
        if not torch.equal(torch.as_tensor(other).long().cpu(),
                           labels.cpu()):
            raise ConfigValueError(
                f'data samples disagree on {key!r}: sample 0 has '
                f'{labels.tolist()}, sample {index} has '
                f'{torch.as_tensor(other).tolist()}; every video of a batch '
                'must bring its views in one order')
    return labels


def _view_groups(view_labels: torch.Tensor, num_clips: int) -> dict:
    """Clip indices of each view id, by ascending id."""
    labels = torch.as_tensor(view_labels).reshape(-1).tolist()
    if len(labels) != num_clips:
        raise ConfigValueError(
            f'encode_views: {len(labels)} view labels for {num_clips} clips')
    unknown = sorted(set(labels) - set(VIEW_NAMES))
    if unknown:
        raise ConfigValueError(
            f'encode_views: view label {unknown[0]} is not one of '
            f'{VIEW_NAMES}')
    groups = {}
    for clip, label in enumerate(labels):
        groups.setdefault(label, []).append(clip)
    return dict(sorted(groups.items()))


@contextmanager
def running_stats_frozen(encoder: Encoder) -> Iterator[None]:
    """Batch-norm layers of ``encoder`` leave their running statistics as
    they are (momentum 0) while they still normalise with the statistics of
    the batch (training mode). No-op for an encoder that is no module."""
    layers = [
        module for module in encoder.modules()
        if isinstance(module, nn.modules.batchnorm._BatchNorm)
        and module.training and module.track_running_stats
    ] if isinstance(encoder, nn.Module) else []
    momenta = [layer.momentum for layer in layers]
    for layer in layers:
        layer.momentum = 0.0
    try:
        yield
    finally:
        for layer, momentum in zip(layers, momenta):
            layer.momentum = momentum


def encode_views(encoders: Union[Encoder, Mapping[str, Encoder]],
                 inputs: torch.Tensor,
                 view_labels: torch.Tensor,
                 mix_bn: bool = False,
                 running_stats_view: Optional[str] = 'rgb') -> torch.Tensor:
    """Encode every clip with its view kind's encoder, one call per kind.

    Args:
        encoders (Callable | Mapping[str, Callable]): One encoder shared by
            all kinds (e.g. a backbone), or one per view name (e.g. an
            ``nn.ModuleDict`` with keys ``'rgb'``, ``'static'``,
            ``'diff'``); each maps clips (M, C, T, H, W) to (M, ...).
        inputs (torch.Tensor): (B, N, C, T, H, W).
        view_labels (torch.Tensor): (N,) int, the ids of
            :data:`mmssl.view_labels.VIEW_LABELS` (see
            :func:`view_labels_of`).
        mix_bn (bool): Encode all clips in one call of the shared encoder,
            so that its batch statistics mix the kinds. Defaults to False.
        running_stats_view (str, optional): With a shared encoder and
            ``mix_bn=False``, the only view whose calls update the running
            statistics of its batch-norm layers (the others use their batch
            statistics and leave the running ones alone); None lets every
            kind's call update them. Defaults to ``'rgb'``.

    Returns:
        torch.Tensor: (B, N, ...), clip ``i`` of every video at index ``i``.
    """
    check_multi_clip(inputs, 'encode_views')
    separate = isinstance(encoders, (Mapping, nn.ModuleDict))
    if mix_bn and separate:
        raise ConfigValueError(
            'encode_views: mix_bn=True needs one shared encoder, got one per '
            f'view ({sorted(encoders)})')
    groups = _view_groups(view_labels, inputs.shape[1])
    if separate:
        missing = [VIEW_NAMES[v] for v in groups if VIEW_NAMES[v] not in
                   encoders]
        if missing:
            raise ConfigKeyError(
                f'encode_views: no encoder for view {missing[0]!r}; the '
                f'encoders are {sorted(encoders)}')
    if running_stats_view is not None and running_stats_view not in (
            VIEW_LABELS):
        raise ConfigValueError(
            f'encode_views: running_stats_view={running_stats_view!r}, '
            f'expected one of {tuple(VIEW_LABELS)} or None')
    if mix_bn or (len(groups) == 1 and not separate):
        return encode_clips(encoders, inputs)
    parts, order = [], []
    for view_id, clips in groups.items():
        view = VIEW_NAMES[view_id]
        encoder = encoders[view] if separate else encoders
        if separate or running_stats_view in (None, view):
            parts.append(encode_clips(encoder, inputs, clips))
        else:
            with running_stats_frozen(encoder):
                parts.append(encode_clips(encoder, inputs, clips))
        order += clips
    feats = torch.cat(parts, dim=1)
    if order == sorted(order):
        return feats
    inverse = torch.argsort(torch.tensor(order, device=feats.device))
    return feats[:, inverse]
