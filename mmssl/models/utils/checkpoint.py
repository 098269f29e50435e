"""Load the backbone of a pre-training checkpoint into a downstream model.

Every mmssl algorithm keeps its encoder as ``backbone``, so its checkpoints
hold ``state_dict['backbone.*']`` (``module.backbone.*`` when saved from a
DDP wrapper). Linear evaluation, finetuning, retrieval and the temporal
tasks all initialise their backbone through :func:`load_backbone_checkpoint`.
"""
import logging
from typing import Any, Dict, List, NamedTuple

import torch
import torch.nn as nn
from mmengine.logging import print_log

from mmssl.errors import CheckpointError
from mmssl.utils import check_finite, safe_load

DDP_PREFIX = 'module.'


class CheckpointKeyError(CheckpointError, KeyError):
    """Checkpoint keys that do not fit the model."""


class BackboneLoadReport(NamedTuple):
    """What :func:`load_backbone_checkpoint` did.

    Attributes:
        loaded (list[str]): Backbone keys taken from the checkpoint.
        missing (list[str]): Backbone keys the checkpoint does not have.
        unexpected (list[str]): Checkpoint keys (prefix removed) the
            backbone does not have.
        mismatched (list[str]): Keys in both but with different shapes,
            as ``'key: checkpoint (a, b) vs backbone (c, d)'``; not loaded.
    """
    loaded: List[str]
    missing: List[str]
    unexpected: List[str]
    mismatched: List[str]

    @property
    def exact(self) -> bool:
        """Whether every backbone weight was loaded and nothing was left."""
        return not (self.missing or self.unexpected or self.mismatched)


def read_state_dict(filename: str) -> Dict[str, torch.Tensor]:
    """The state dict of a checkpoint (a path or a URL), loaded weights-only.

    Accepts MMEngine checkpoints (``{'state_dict': ..., 'meta': ...}``) and
    bare state dicts; a leading ``module.`` (DDP) is removed from every key.

    Raises:
        CheckpointError: if the file is missing, unreadable, holds objects
            that weights-only loading refuses, or no dict of tensors.
        NonFiniteError: if a floating-point tensor holds NaN or inf.
    """
    checkpoint = safe_load(filename)
    state_dict = checkpoint.get('state_dict', checkpoint) \
        if isinstance(checkpoint, dict) else None
    if not isinstance(state_dict, dict) or not any(
            isinstance(value, torch.Tensor) for value in state_dict.values()):
        raise CheckpointError(f'{filename}: expected a state dict of tensors '
                              'or a dict with a "state_dict" entry')
    check_finite(state_dict, filename)
    return {
        key[len(DDP_PREFIX):] if key.startswith(DDP_PREFIX) else key: value
        for key, value in state_dict.items()
    }


def _first(keys: List[str], limit: int = 3) -> str:
    shown = ', '.join(keys[:limit])
    return shown + (f', ... ({len(keys)} in all)' if len(keys) > limit else '')


def _listed(keys: List[str], limit: int = 5) -> str:
    """``keys`` as a list, the first ``limit`` of them when longer."""
    if len(keys) <= limit:
        return str(keys)
    return f'{keys[:limit]} ... ({len(keys)} in all)'


def check_state_dict_fits(model: nn.Module, state_dict: Dict[str, Any],
                          filename: str) -> None:
    """Raise unless ``state_dict`` has exactly the keys and shapes of
    ``model``.

    Raises:
        CheckpointKeyError: one line naming the file, the model and the
            first missing, unexpected and mismatched keys.
    """
    own = model.state_dict()
    missing = sorted(set(own) - set(state_dict))
    unexpected = sorted(set(state_dict) - set(own))
    mismatched = sorted(
        f'{key} {tuple(state_dict[key].shape)} vs {tuple(own[key].shape)}'
        for key in set(own) & set(state_dict)
        if hasattr(state_dict[key], 'shape')
        and state_dict[key].shape != own[key].shape)
    problems = [
        f'{len(keys)} {kind} ({_first(keys)})'
        for kind, keys in (('missing keys', missing), ('unexpected keys',
                                                       unexpected),
                           ('shape mismatches', mismatched)) if keys
    ]
    if problems:
        raise CheckpointKeyError(
            f'{filename} does not fit {type(model).__name__}: '
            f'{"; ".join(problems)}. Use a checkpoint of this config (a '
            'pre-training checkpoint goes to model.backbone_checkpoint), or '
            'set load_strict=False to load only what fits')


def load_model_checkpoint(model: nn.Module, filename: str) -> None:
    """Load a checkpoint of exactly this model (a path or a URL) into it.

    Raises:
        CheckpointError: if the checkpoint is unreadable or unsafe, or does
            not fit the model key for key and shape for shape.
        NonFiniteError: if it holds NaN or inf weights.
    """
    state_dict = read_state_dict(filename)
    check_state_dict_fits(model, state_dict, filename)
    model.load_state_dict(state_dict)


def _backbone_of(model_or_backbone: nn.Module) -> nn.Module:
    backbone = getattr(model_or_backbone, 'backbone', None)
    return backbone if isinstance(backbone, nn.Module) else model_or_backbone


def _top_level_names(keys) -> List[str]:
    return sorted({key.split('.', 1)[0] + '.' for key in keys})


def load_backbone_checkpoint(model_or_backbone: nn.Module,
                             filename: str,
                             prefix: str = 'backbone.',
                             strict: bool = False,
                             logger: str = 'current') -> BackboneLoadReport:
    """Copy the ``prefix`` weights of a checkpoint into a backbone.

    Args:
        model_or_backbone (nn.Module): The backbone, or a model that holds
            it as ``.backbone`` (a recognizer, an mmssl algorithm, a
            ``VideoFeatureExtractor``).
        filename (str): Checkpoint of any mmssl algorithm, or a bare state
            dict.
        prefix (str): Keys starting with it are taken, with it removed.
            ``''`` takes every key. Defaults to ``'backbone.'``.
        strict (bool): Raise unless the report is exact.
            Defaults to False.
        logger (str): Logger of the report; a warning when anything is
            missing, unexpected or mismatched. Defaults to ``'current'``.

    Returns:
        BackboneLoadReport: The loaded, missing, unexpected and mismatched
        keys.

    Raises:
        CheckpointKeyError: (a ``KeyError``) if no key starts with
            ``prefix``, or ``strict`` and the report is not exact.
    """
    state_dict = read_state_dict(filename)
    weights = {
        key[len(prefix):]: value
        for key, value in state_dict.items() if key.startswith(prefix)
    }
    if not weights:
        raise CheckpointKeyError(
            f'{filename}: no key starts with prefix "{prefix}"; the '
            f'checkpoint has {_top_level_names(state_dict)}')
    backbone = _backbone_of(model_or_backbone)
    own = backbone.state_dict()
    mismatched = [
        f'{key}: checkpoint {tuple(value.shape)} vs backbone '
        f'{tuple(own[key].shape)}' for key, value in weights.items()
        if key in own and value.shape != own[key].shape
    ]
    loadable = {
        key: value
        for key, value in weights.items()
        if key in own and value.shape == own[key].shape
    }
    backbone.load_state_dict(loadable, strict=False)
    report = BackboneLoadReport(
        loaded=sorted(loadable),
        missing=sorted(set(own) - set(weights)),
        unexpected=sorted(set(weights) - set(own)),
        mismatched=mismatched)
    message = (
        f'Loaded {len(report.loaded)}/{len(own)} backbone tensors of '
        f'{type(backbone).__name__} from {filename} (prefix "{prefix}"); '
        f'missing keys: {_listed(report.missing)}; unexpected keys: '
        f'{_listed(report.unexpected)}; shape mismatches: '
        f'{_listed(report.mismatched)}')
    if strict and not report.exact:
        raise CheckpointKeyError(message)
    print_log(
        message,
        logger=logger,
        level=logging.INFO if report.exact else logging.WARNING)
    return report
