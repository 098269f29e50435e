"""Convert a foreign checkpoint into a weights-only mmssl backbone checkpoint.

The converters of ``tools/model_converters/`` differ only in where their
source keeps the weights and under which prefix its backbone sits; this
module does the rest for all of them: it reads the source weights-only
(:func:`mmssl.utils.safe_load`), removes ``module.`` (DataParallel / DDP),
keeps the backbone, recognises its layout
(:mod:`mmssl.models.utils.checkpoint_layouts`), renames its keys, checks
them key for key and shape for shape against the backbone of an mmssl
config, writes ``{'state_dict': {'backbone.<key>': tensor}, 'meta': {...}}``
and loads the written file back through
:func:`mmssl.models.utils.load_backbone_checkpoint` (strict).
"""
import os.path as osp
from collections import Counter
from typing import Any, Dict, List, NamedTuple, Optional, Sequence

import numpy as np
import torch
import torch.nn as nn
from mmengine.config import Config

from mmssl.errors import CheckpointError
from mmssl.registry import MODELS
from mmssl.utils import atomic_save, register_all_modules, safe_load

from .checkpoint import load_backbone_checkpoint
from .checkpoint_layouts import Layout, detect_layout

DDP_PREFIX = 'module.'


class ConversionReport(NamedTuple):
    """What :func:`convert_checkpoint` did.

    Attributes:
        source (str): The source checkpoint.
        output (str): The written checkpoint.
        layout (str): Name of the recognised source layout.
        config (str): The backbone config checked against.
        backbone (str): Type of that config's backbone.
        converted (int): Backbone tensors written.
        dropped (dict[str, int]): Tensors left out, counted by key group
            (see :func:`group_counts`).
        meta (dict): The ``meta`` written with the weights.
    """
    source: str
    output: str
    layout: str
    config: str
    backbone: str
    converted: int
    dropped: Dict[str, int]
    meta: Dict[str, Any]

    def lines(self) -> List[str]:
        """The report, one line per fact."""
        dropped = ', '.join(f'{group} ({count})'
                            for group, count in self.dropped.items())
        return [
            f'source: {self.source} ({self.layout} layout)',
            f'dropped (not backbone): {dropped or "nothing"}',
            f'checked against {self.config} ({self.backbone}): 0 missing, '
            '0 unexpected, 0 shape mismatches',
            f'wrote {self.output}: {self.converted} backbone tensors, '
            'weights-only; load it with --cfg-options '
            f'model.backbone_checkpoint={self.output}',
        ]


def strip_prefix(weights: Dict[str, Any], prefix: str) -> Dict[str, Any]:
    """``weights`` with ``prefix`` removed from the keys that start with
    it."""
    return {
        (key[len(prefix):] if key.startswith(prefix) else key): value
        for key, value in weights.items()
    }


def find_weights(checkpoint: Any, weights_keys: Sequence[str],
                 filename: str) -> Dict[str, torch.Tensor]:
    """The tensors of a checkpoint: under the first of ``weights_keys`` that
    holds a dict, else the checkpoint itself.

    Raises:
        CheckpointError: if there is no dict of tensors.
    """
    if isinstance(checkpoint, dict):
        for key in weights_keys:
            if isinstance(checkpoint.get(key), dict):
                checkpoint = checkpoint[key]
                break
    tensors = {
        str(key): value
        for key, value in (
            checkpoint.items() if isinstance(checkpoint, dict) else ())
        if isinstance(value, torch.Tensor)
    }
    if not tensors:
        raise CheckpointError(
            f'{filename}: holds no tensors under {list(weights_keys)} nor at '
            'its top level')
    return tensors


def _scalar(value: Any) -> Any:
    if isinstance(value, np.generic):
        value = value.item()
    return value if isinstance(value, (bool, int, float, str)) else None


def plain_scalars(mapping: Any) -> Dict[str, Any]:
    """The entries of ``mapping`` that are (or hold one) plain Python
    scalars or strings, as such; everything else is left out."""
    if not isinstance(mapping, dict):
        return {}
    items = {str(key): _scalar(value) for key, value in mapping.items()}
    return {key: value for key, value in items.items() if value is not None}


def _group(key: str) -> str:
    parts = key.split('.')
    return key if len(parts) == 1 else '.'.join(parts[:min(2,
                                                           len(parts) -
                                                           1)]) + '.*'


def group_counts(keys: Sequence[str]) -> Dict[str, int]:
    """How many keys fall in each group: the first two parts of the key
    (one when it has only two), e.g. ``encoder_k.fc1.*``, ``linear.*``,
    ``queue``."""
    return dict(sorted(Counter(_group(key) for key in keys).items()))


def build_backbone(config: str) -> nn.Module:
    """The backbone of an mmssl config: its ``backbone`` (a backbone base
    config) or its ``model.backbone``.

    Raises:
        CheckpointError: if the config defines neither.
    """
    cfg = Config.fromfile(config)
    backbone_cfg = cfg.get('backbone') or cfg.get('model', {}).get('backbone')
    if not backbone_cfg:
        raise CheckpointError(
            f'{config} defines neither "backbone" nor "model.backbone"')
    register_all_modules()
    return MODELS.build(backbone_cfg)


def _first(keys: List[str], limit: int = 3) -> str:
    shown = ', '.join(keys[:limit])
    return shown + (f', ... ({len(keys)} in all)' if len(keys) > limit else '')


def check_fits(weights: Dict[str, torch.Tensor], backbone: nn.Module,
               what: str) -> None:
    """Raise unless ``weights`` has exactly the keys and shapes of
    ``backbone``.

    Raises:
        CheckpointError: naming ``what`` and the first missing, unexpected
            and mismatched keys.
    """
    own = backbone.state_dict()
    missing = sorted(set(own) - set(weights))
    unexpected = sorted(set(weights) - set(own))
    mismatched = sorted(
        f'{key} {tuple(weights[key].shape)} vs {tuple(own[key].shape)}'
        for key in set(own) & set(weights)
        if weights[key].shape != own[key].shape)
    problems = [
        f'{len(keys)} {kind} ({_first(keys)})'
        for kind, keys in (('missing keys', missing), ('unexpected keys',
                                                       unexpected),
                           ('shape mismatches', mismatched)) if keys
    ]
    if problems:
        raise CheckpointError(
            f'{what} does not fit {type(backbone).__name__}: '
            f'{"; ".join(problems)}; pass --config with the backbone config '
            'of the architecture the checkpoint was trained with')


def convert_checkpoint(source: str,
                       output: str,
                       converter: str,
                       weights_keys: Sequence[str] = ('state_dict', 'model'),
                       backbone_prefix: Optional[str] = 'backbone.',
                       require_prefix: bool = True,
                       config: Optional[str] = None,
                       config_root: str = '.') -> ConversionReport:
    """Convert the backbone of ``source`` into an mmssl checkpoint.

    Args:
        source (str): The foreign checkpoint (path or URL), read
            weights-only.
        output (str): Where to write the converted checkpoint.
        converter (str): Name of the converter, recorded in ``meta``.
        weights_keys (Sequence[str]): Checkpoint entries that may hold the
            weights, tried in order. Defaults to ``('state_dict',
            'model')``.
        backbone_prefix (str, optional): Prefix of the backbone keys after
            ``module.`` is removed; the other keys are dropped. None: every
            key is a backbone key. Defaults to ``'backbone.'``.
        require_prefix (bool): If False and no key has ``backbone_prefix``,
            every key is a backbone key (a bare backbone state dict).
            Defaults to True.
        config (str, optional): A config defining ``backbone`` or
            ``model.backbone`` to check against. Defaults to the detected
            layout's backbone config.
        config_root (str): Directory that layout configs are relative to.
            Defaults to ``'.'``.

    Returns:
        ConversionReport: What was converted, dropped and checked.

    Raises:
        CheckpointError: if the source is unreadable, needs unsafe globals,
            holds no backbone of a known layout, or the converted weights do
            not fit the backbone key for key and shape for shape.
        NonFiniteError: if a weight is NaN or infinite.
    """
    checkpoint = safe_load(source)
    weights = strip_prefix(find_weights(checkpoint, weights_keys, source),
                           DDP_PREFIX)
    dropped = []
    if backbone_prefix and not require_prefix and not any(
            key.startswith(backbone_prefix) for key in weights):
        backbone_prefix = None
    if backbone_prefix:
        dropped = [
            key for key in weights if not key.startswith(backbone_prefix)
        ]
        weights = {
            key[len(backbone_prefix):]: value
            for key, value in weights.items()
            if key.startswith(backbone_prefix)
        }
        if not weights:
            raise CheckpointError(
                f'{source}: no key starts with "{backbone_prefix}" (after '
                f'removing "{DDP_PREFIX}"); its key groups are '
                f'{list(group_counts(dropped))[:12]}')
    layout: Layout = detect_layout(weights, source)
    heads = [key for key in weights if key.startswith(layout.heads)]
    dropped += [
        backbone_prefix + key if backbone_prefix else key for key in heads
    ]
    weights = layout.rename({
        key: value
        for key, value in weights.items() if key not in heads
    })
    config = config or osp.join(config_root, layout.config)
    backbone = build_backbone(config)
    check_fits(weights, backbone, f'{source} ({layout.name} layout)')
    meta = dict(converter=converter,
                source=osp.basename(source),
                source_layout=layout.name,
                backbone_config=config,
                **{
                    f'source_{key}': value
                    for key, value in {
                        **plain_scalars(
                            checkpoint.get('meta') if isinstance(
                                checkpoint, dict) else None),
                        **plain_scalars(checkpoint)
                    }.items()
                })
    atomic_save(
        dict(state_dict={
            f'backbone.{key}': value.detach().clone()
            for key, value in weights.items()
        },
             meta=meta), output)
    load_backbone_checkpoint(backbone, output, strict=True, logger='silent')
    return ConversionReport(source=source,
                            output=output,
                            layout=layout.name,
                            config=config,
                            backbone=type(backbone).__name__,
                            converted=len(weights),
                            dropped=group_counts(dropped),
                            meta=meta)
