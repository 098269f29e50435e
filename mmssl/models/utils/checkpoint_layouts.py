"""Key layouts of foreign backbone checkpoints and their mmssl backbones.

Each :class:`Layout` says how to recognise one source architecture from its
keys, which keys are its classifier (dropped), how its keys rename to the
keys of an mmssl backbone, and which backbone config loads the result. The
layouts were written from the source architectures' definitions (module
names and shapes); ``tests/test_tools/test_model_converters.py`` rebuilds
each source architecture and checks that the converted weights give the
same features.
"""
import re
from typing import (Callable, Dict, List, Match, NamedTuple, Sequence, Tuple,
                    Union)

import torch

from mmssl.errors import CheckpointError

#: A renaming rule: a regex that must match a whole key, and its
#: replacement (a ``re`` template such as ``r'conv1.conv.\g<p>'``, or a
#: function of the match).
Rule = Tuple[str, Union[str, Callable[[Match], str]]]

_MODELS = 'configs/_base_/models/'


class Layout(NamedTuple):
    """The backbone keys of one source architecture.

    Attributes:
        name (str): Short name, printed in reports.
        marker (str): A key only this layout has (after prefix removal).
        config (str): The mmssl backbone config (relative to the repository
            root) that loads the converted weights.
        passes (list[list[Rule]]): Renaming passes, applied in order; in
            each pass the first rule whose regex matches the whole key
            renames it, and unmatched keys stay as they are.
        heads (tuple[str]): Key prefixes of the source's own classifier,
            dropped.
    """
    name: str
    marker: str
    config: str
    passes: Sequence[Sequence[Rule]]
    heads: Tuple[str, ...] = ()

    def rename(self, weights: Dict[str,
                                   torch.Tensor]) -> Dict[str, torch.Tensor]:
        """``weights`` with every key renamed by :attr:`passes`."""
        for rules in self.passes:
            weights = rename_keys(weights, rules)
        return weights


def rename_keys(weights: Dict[str, torch.Tensor],
                rules: Sequence[Rule]) -> Dict[str, torch.Tensor]:
    """Rename each key by the first rule whose regex matches all of it."""
    compiled = [(re.compile(pattern), repl) for pattern, repl in rules]
    renamed = {}
    for key, value in weights.items():
        new_key = key
        for pattern, repl in compiled:
            match = pattern.fullmatch(key)
            if match:
                new_key = repl(match) if callable(repl) else match.expand(repl)
                break
        if new_key in renamed:
            raise CheckpointError(
                f'two keys of the checkpoint map to "{new_key}"')
        renamed[new_key] = value
    return renamed


# Hara et al.'s 3D ResNet (RSPNet "resnet18"): conv1, bn1, layerS.B.conv1,
# .bn1, .conv2, .bn2, .downsample.0 (conv), .downsample.1 (BN), fc.
_HARA_RESNET = [
    (r'conv1\.(?P<p>\w+)', r'conv1.conv.\g<p>'),
    (r'bn1\.(?P<p>\w+)', r'conv1.bn.\g<p>'),
    (r'(?P<b>layer\d\.\d+)\.conv(?P<i>[12])\.(?P<p>\w+)',
     r'\g<b>.conv\g<i>.conv.\g<p>'),
    (r'(?P<b>layer\d\.\d+)\.bn(?P<i>[12])\.(?P<p>\w+)',
     r'\g<b>.conv\g<i>.bn.\g<p>'),
    (r'(?P<b>layer\d\.\d+)\.downsample\.0\.(?P<p>\w+)',
     r'\g<b>.downsample.conv.\g<p>'),
    (r'(?P<b>layer\d\.\d+)\.downsample\.1\.(?P<p>\w+)',
     r'\g<b>.downsample.bn.\g<p>'),
]

# VCOP's C3D: conv1, bn1, conv2, bn2, conv3a, bn3a, ..., conv5b, bn5b,
# linear.
_VCOP_C3D = [
    (r'conv(?P<s>[12])\.(?P<p>\w+)', r'conv\g<s>a.conv.\g<p>'),
    (r'bn(?P<s>[12])\.(?P<p>\w+)', r'conv\g<s>a.bn.\g<p>'),
    (r'conv(?P<s>[345][ab])\.(?P<p>\w+)', r'conv\g<s>.conv.\g<p>'),
    (r'bn(?P<s>[345][ab])\.(?P<p>\w+)', r'conv\g<s>.bn.\g<p>'),
]


def _vcop_block(match: Match) -> str:
    index = 0 if match['index'] is None else int(match['index']) + 1
    return f'layer{int(match["stage"]) - 1}.{index}.{match["rest"]}'


# VCOP's residual nets name stage s (2-5) "conv<s>", its first block
# "block1" and the others "blocks.<i>": to layer<s-1>.<block>.
_VCOP_BLOCKS = [(r'conv(?P<stage>[2-5])\.(?:block1|blocks\.(?P<index>\d+))'
                 r'\.(?P<rest>.+)', _vcop_block)]

# VCOP's R3D: conv1.temporal_spatial_conv, bn1, and in each block conv1/conv2
# (.temporal_spatial_conv), bn1/bn2, downsampleconv, downsamplebn; linear.
_VCOP_R3D = [
    (r'(?P<b>(?:layer\d\.\d+\.)?)conv(?P<i>[12])\.temporal_spatial_conv\.'
     r'(?P<p>\w+)', r'\g<b>conv\g<i>.conv.\g<p>'),
    (r'(?P<b>(?:layer\d\.\d+\.)?)bn(?P<i>[12])\.(?P<p>\w+)',
     r'\g<b>conv\g<i>.bn.\g<p>'),
    (r'(?P<b>layer\d\.\d+)\.downsampleconv\.temporal_spatial_conv\.'
     r'(?P<p>\w+)', r'\g<b>.downsample.conv.\g<p>'),
    (r'(?P<b>layer\d\.\d+)\.downsamplebn\.(?P<p>\w+)',
     r'\g<b>.downsample.bn.\g<p>'),
]

_FACTORIZED = dict(spatial_conv='conv_s', bn='bn_s', temporal_conv='conv_t')

# VCOP's R(2+1)D: as its R3D, each convolution a (spatial_conv, bn,
# temporal_conv) triple, the shortcut's too.
_VCOP_R2PLUS1D = [
    (r'(?P<b>(?:layer\d\.\d+\.)?)conv(?P<i>[12])\.'
     r'(?P<m>spatial_conv|bn|temporal_conv)\.(?P<p>\w+)',
     lambda m: f'{m["b"]}conv{m["i"]}.conv.{_FACTORIZED[m["m"]]}.{m["p"]}'),
    (r'(?P<b>(?:layer\d\.\d+\.)?)bn(?P<i>[12])\.(?P<p>\w+)',
     r'\g<b>conv\g<i>.bn.\g<p>'),
    (r'(?P<b>layer\d\.\d+)\.downsampleconv\.'
     r'(?P<m>spatial_conv|bn|temporal_conv)\.(?P<p>\w+)',
     lambda m: f'{m["b"]}.downsample.conv.{_FACTORIZED[m["m"]]}.{m["p"]}'),
    (r'(?P<b>layer\d\.\d+)\.downsamplebn\.(?P<p>\w+)',
     r'\g<b>.downsample.bn.\g<p>'),
]

#: Every known layout, tried in this order by :func:`detect_layout`.
LAYOUTS: List[Layout] = [
    Layout('Hara 3D ResNet', 'layer1.0.bn1.weight', _MODELS + 'r3d18_hara.py',
           [_HARA_RESNET], ('fc.', )),
    Layout('VCOP C3D', 'conv3a.weight', _MODELS + 'c3d_vcop.py', [_VCOP_C3D],
           ('linear.', )),
    Layout('VCOP R(2+1)D', 'conv1.spatial_conv.weight',
           _MODELS + 'r2plus1d10_vcop.py', [_VCOP_BLOCKS, _VCOP_R2PLUS1D],
           ('linear.', )),
    Layout('VCOP R3D', 'conv1.temporal_spatial_conv.weight',
           _MODELS + 'r3d10_vcop.py', [_VCOP_BLOCKS, _VCOP_R3D],
           ('linear.', )),
    Layout('MMAction2 C3D', 'conv1a.conv.weight', _MODELS + 'c3d.py', []),
    Layout('MMAction2 R(2+1)D', 'conv1.conv.conv_s.weight',
           _MODELS + 'r2plus1d18.py', []),
    Layout('MMAction2 ResNet3d', 'conv1.conv.weight', _MODELS + 'r3d18.py',
           []),
]


def detect_layout(keys: Sequence[str], filename: str) -> Layout:
    """The layout whose marker key is among ``keys``.

    Raises:
        CheckpointError: naming the file and its top-level key names when
            no layout matches (an S3D-G checkpoint, for example: mmssl has
            no S3D-G backbone).
    """
    keys = set(keys)
    for layout in LAYOUTS:
        if layout.marker in keys:
            return layout
    names = sorted({key.split('.', 1)[0] for key in keys})
    known = ', '.join(layout.name for layout in LAYOUTS)
    raise CheckpointError(
        f'{filename}: unknown backbone layout (top-level names {names[:12]}); '
        f'known layouts: {known}. S3D-G and other architectures without an '
        'mmssl backbone cannot be converted')
