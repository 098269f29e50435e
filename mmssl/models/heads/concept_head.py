"""Concept codes and their decoders (Static and Dynamic Concepts)."""
from typing import Dict, Optional

import torch
import torch.nn as nn
import torch.nn.functional as F
from mmengine.model import BaseModule

from mmssl.errors import ConfigValueError
from mmssl.registry import MODELS
from mmssl.view_labels import VIEW_LABELS, VIEW_NAMES

#: Feature transformation sigma (appendix Table 1), by name: (C) -> (C).
TRANSFORMS = ('identity', 'linear', 'mlp')
#: Concept-code decoder g (appendix Table 2), by name.
DECODERS = ('linear', 'mlp')


def _mlp(in_channels: int, hidden_channels: int,
         out_channels: int) -> nn.Sequential:
    """Linear - BN - ReLU - Linear."""
    return nn.Sequential(
        nn.Linear(in_channels, hidden_channels),
        nn.BatchNorm1d(hidden_channels), nn.ReLU(inplace=True),
        nn.Linear(hidden_channels, out_channels))


def build_transformation(kind: str, channels: int) -> nn.Module:
    """Feature transformation sigma: identity, Linear(C, C) or the MLP
    C-C-C."""
    if kind == 'identity':
        return nn.Identity()
    if kind == 'linear':
        return nn.Linear(channels, channels)
    return _mlp(channels, channels, channels)


def build_decoder(kind: str, in_channels: int, hidden_channels: int,
                  out_channels: int) -> nn.Module:
    """Decoder g: Linear(K, C) or the MLP K-H-C."""
    if kind == 'linear':
        return nn.Linear(in_channels, out_channels)
    return _mlp(in_channels, hidden_channels, out_channels)


@MODELS.register_module()
class ConceptHead(BaseModule):
    """Concept codes of pooled clip features, and decoders back to features.

    A pooled feature ``h`` (C,) of a clip of view kind ``v`` (rgb, static,
    diff) goes through that kind's own transformation sigma_v (not shared),
    and is L2-normalised to ``z``. Its *code* is the cosine similarity of
    ``z`` to the ``K_s + K_d`` learnable unit-norm prototypes, the first
    ``K_s`` static and the rest dynamic concepts: (K_s + K_d,). The decoders
    reconstruct ``h`` from codes: g_rgb from the whole code (K_s + K_d),
    g_static from the static part (K_s) and g_diff from the dynamic part
    (K_d).

    The prototypes stay unit-norm through :class:`PrototypeNormHook` (after
    every step); codes use them as they are, as the authors do.

    Args:
        in_channels (int): C, e.g. 512 for R(2+1)D-18 (its map is
            512 x 2 x 7 x 7 for 16 x 112 x 112 clips).
        num_static (int): K_s. Defaults to 50 (UCF101; 100 on Kinetics).
        num_dynamic (int): K_d. Defaults to 50.
        transformation (str): sigma of every view kind, ``'identity'``
            (default), ``'linear'`` (C-C) or ``'mlp'`` (C-C-C).
        decoder (str): ``'mlp'`` (K-H-C, default) or ``'linear'`` (K-C).
        decoder_hidden (int): H of the MLP decoder, 512 (default) or 128.
        init_cfg (dict, optional): Initialisation config. Defaults to None.
    """

    def __init__(self,
                 in_channels: int = 512,
                 num_static: int = 50,
                 num_dynamic: int = 50,
                 transformation: str = 'identity',
                 decoder: str = 'mlp',
                 decoder_hidden: int = 512,
                 init_cfg: Optional[dict] = None) -> None:
        super().__init__(init_cfg=init_cfg)
        if transformation not in TRANSFORMS:
            raise ConfigValueError(
                f'ConceptHead: transformation={transformation!r}, expected '
                f'one of {TRANSFORMS}')
        if decoder not in DECODERS:
            raise ConfigValueError(f'ConceptHead: decoder={decoder!r}, '
                                   f'expected one of {DECODERS}')
        if num_static < 1 or num_dynamic < 1:
            raise ConfigValueError(
                f'ConceptHead: num_static={num_static} and num_dynamic='
                f'{num_dynamic} must be >= 1')
        self.in_channels = in_channels
        self.num_static = num_static
        self.num_dynamic = num_dynamic
        self.transformations = nn.ModuleDict({
            view: build_transformation(transformation, in_channels)
            for view in VIEW_LABELS
        })
        self.prototypes = nn.Parameter(
            F.normalize(torch.randn(num_static + num_dynamic, in_channels),
                        dim=1))
        code_dims = dict(
            rgb=num_static + num_dynamic, static=num_static,
            diff=num_dynamic)
        self.decoders = nn.ModuleDict({
            view: build_decoder(decoder, dims, decoder_hidden, in_channels)
            for view, dims in code_dims.items()
        })

    @property
    def static_prototypes(self) -> torch.Tensor:
        """(K_s, C)."""
        return self.prototypes[:self.num_static]

    @property
    def dynamic_prototypes(self) -> torch.Tensor:
        """(K_d, C)."""
        return self.prototypes[self.num_static:]

    def split(self, codes: torch.Tensor) -> Dict[str, torch.Tensor]:
        """Static and dynamic parts of codes (..., K_s + K_d)."""
        return dict(static=codes[..., :self.num_static],
                    dynamic=codes[..., self.num_static:])

    def embed(self, feats: torch.Tensor,
              view_labels: torch.Tensor) -> torch.Tensor:
        """Unit embeddings z of the clips, each through its kind's sigma.

        Args:
            feats (torch.Tensor): (B, N, C) pooled features.
            view_labels (torch.Tensor): (N,) view ids of the clips.

        Returns:
            torch.Tensor: (B, N, C) unit vectors; every kind in one call of
            its sigma, so the MLP's BN sees one kind at a time.
        """
        out = torch.empty_like(feats)
        for view_id in view_labels.unique().tolist():
            clips = (view_labels == view_id).nonzero().flatten().tolist()
            sigma = self.transformations[VIEW_NAMES[view_id]]
            picked = feats[:, clips]
            out[:, clips] = sigma(picked.flatten(0, 1)).view_as(picked)
        return F.normalize(out, dim=-1)

    def codes(self, embeddings: torch.Tensor) -> torch.Tensor:
        """Cosine similarities to the prototypes.

        Args:
            embeddings (torch.Tensor): (..., C) unit vectors.

        Returns:
            torch.Tensor: (..., K_s + K_d).
        """
        return embeddings @ self.prototypes.t()

    def decode(self, codes: torch.Tensor, view: str) -> torch.Tensor:
        """Reconstruct features from the codes of clips of one kind.

        Args:
            codes (torch.Tensor): (M, K_s + K_d) codes.
            view (str): The clips' kind: ``'rgb'`` decodes the whole code,
                ``'static'`` the static part, ``'diff'`` the dynamic part.

        Returns:
            torch.Tensor: (M, C).
        """
        if view == 'static':
            codes = self.split(codes)['static']
        elif view == 'diff':
            codes = self.split(codes)['dynamic']
        return self.decoders[view](codes)
