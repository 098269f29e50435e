"""Video-level features of any backbone, for retrieval and nearest neighbours.

A video arrives as ``N`` clips (e.g. 10 clips uniformly spread over it).
Every clip goes through the backbone; the feature map of the chosen layer is
pooled over space (average or max) and then averaged over time, and the
``N`` clip vectors are averaged into one video vector.
"""
from typing import Callable, Dict, List, Optional, Union

import torch
import torch.nn as nn
import torch.nn.functional as F
from mmengine.model import BaseModel

from mmssl.errors import ConfigValueError
from mmssl.registry import MODELS

from ..utils import check_multi_clip, encode_clips, load_backbone_checkpoint

#: Spatial reductions of a (M, C, t, h, w) map to (M, C, t).
SPATIAL_POOLS: Dict[str, Callable[[torch.Tensor], torch.Tensor]] = {
    'avg': lambda feats: feats.mean(dim=(-2, -1)),
    'max': lambda feats: feats.amax(dim=(-2, -1)),
}


def check_spatial_pool(spatial_pool: str) -> None:
    """Raise ``ValueError`` unless ``spatial_pool`` is in SPATIAL_POOLS."""
    if spatial_pool not in SPATIAL_POOLS:
        raise ConfigValueError(f'spatial_pool="{spatial_pool}" is not one of '
                               f'{sorted(SPATIAL_POOLS)}')


def pool_clip_features(feats: torch.Tensor,
                       spatial_pool: str = 'avg') -> torch.Tensor:
    """One vector per clip: spatial pooling, then temporal mean.

    Args:
        feats (torch.Tensor): Feature maps (M, C, t, h, w), or vectors
            (M, C) that are already pooled (e.g. C3D's fc7), returned as is.
        spatial_pool (str): ``'avg'`` or ``'max'`` over (h, w).

    Returns:
        torch.Tensor: (M, C).
    """
    check_spatial_pool(spatial_pool)
    if feats.ndim == 2:
        return feats
    if feats.ndim != 5:
        raise ValueError('expected feature maps (M, C, t, h, w) or vectors '
                         f'(M, C), got shape {tuple(feats.shape)}')
    return SPATIAL_POOLS[spatial_pool](feats).mean(dim=-1)


@MODELS.register_module()
class VideoFeatureExtractor(BaseModel):
    """Backbone + pooling that turns N clips into one video feature.

    Args:
        backbone (dict | nn.Module): Config of any MMAction2 or mmssl 3D
            backbone, or a built one (e.g. the backbone of a model being
            pre-trained, shared, not copied).
        layer (str, optional): Name of the backbone submodule whose output is
            pooled, e.g. ``'layer4'`` (ResNet3d) or ``'conv5b'`` (C3D).
            None takes the backbone's output (its last element when it is a
            tuple). Defaults to None.
        spatial_pool (str): ``'avg'`` or ``'max'`` (RSPNet) over space; time
            is always averaged. Defaults to ``'avg'``.
        normalize (bool): L2-normalise the video features. Defaults to True.
        backbone_checkpoint (str, optional): Checkpoint of any mmssl
            pre-training algorithm (or a bare state dict) whose
            ``checkpoint_prefix`` weights, all of which must fit the
            backbone, are loaded when the model is built, since a test run
            never calls ``init_weights`` (see
            :func:`mmssl.models.utils.load_backbone_checkpoint`).
            Defaults to None.
        checkpoint_prefix (str): Defaults to ``'backbone.'``, the backbone
            of every mmssl algorithm.
        data_preprocessor (dict, optional): Defaults to MMAction2's
            ``ActionDataPreprocessor`` with ``format_shape='NCTHW'``.
        init_cfg (dict, optional): Defaults to None.
    """

    #: ``tools/test.py`` uses ``backbone_checkpoint`` of this model.
    loads_backbone_checkpoint_when_built = True

    def __init__(self,
                 backbone: Union[dict, nn.Module],
                 layer: Optional[str] = None,
                 spatial_pool: str = 'avg',
                 normalize: bool = True,
                 backbone_checkpoint: Optional[str] = None,
                 checkpoint_prefix: str = 'backbone.',
                 data_preprocessor: Optional[dict] = None,
                 init_cfg: Optional[dict] = None) -> None:
        if data_preprocessor is None:
            data_preprocessor = dict(
                type='ActionDataPreprocessor', format_shape='NCTHW')
        super().__init__(
            data_preprocessor=data_preprocessor, init_cfg=init_cfg)
        check_spatial_pool(spatial_pool)
        self.backbone = backbone if isinstance(
            backbone, nn.Module) else MODELS.build(backbone)
        self.layer = layer
        self.spatial_pool = spatial_pool
        self.normalize = normalize
        self.backbone_checkpoint = backbone_checkpoint
        self.checkpoint_prefix = checkpoint_prefix
        if layer is not None:
            self._check_layer(layer)
        self._load_backbone_checkpoint()

    def _check_layer(self, layer: str) -> None:
        try:
            self.backbone.get_submodule(layer)
        except AttributeError:
            names = [name for name, _ in self.backbone.named_children()]
            raise ConfigValueError(
                f'layer="{layer}" is not a submodule of '
                f'{type(self.backbone).__name__}; its children are {names}'
            ) from None

    def _load_backbone_checkpoint(self) -> None:
        if self.backbone_checkpoint is not None:
            load_backbone_checkpoint(
                self.backbone,
                self.backbone_checkpoint,
                self.checkpoint_prefix,
                strict=True)

    def init_weights(self) -> None:
        """Initialise as configured, then reload ``backbone_checkpoint``."""
        super().init_weights()
        self._load_backbone_checkpoint()

    def extra_repr(self) -> str:
        return (f'layer={self.layer}, spatial_pool={self.spatial_pool}, '
                f'normalize={self.normalize}')

    def clip_feature_maps(self, clips: torch.Tensor) -> torch.Tensor:
        """Output of ``layer`` for every clip.

        Args:
            clips (torch.Tensor): (M, C, T, H, W).

        Returns:
            torch.Tensor: (M, C', t, h, w), or (M, C') for vector outputs.
        """
        if self.layer is None:
            outputs = self.backbone(clips)
            return outputs[-1] if isinstance(outputs,
                                             (tuple, list)) else outputs
        captured = []
        module = self.backbone.get_submodule(self.layer)
        handle = module.register_forward_hook(
            lambda _module, _inputs, output: captured.append(output))
        try:
            self.backbone(clips)
        finally:
            handle.remove()
        return captured[-1]

    def clip_features(self, clips: torch.Tensor) -> torch.Tensor:
        """Pooled ``layer`` features of single clips.

        Args:
            clips (torch.Tensor): (M, C, T, H, W).

        Returns:
            torch.Tensor: (M, C').
        """
        return pool_clip_features(
            self.clip_feature_maps(clips), self.spatial_pool)

    def extract_feat(self, inputs: torch.Tensor) -> torch.Tensor:
        """Video features, the mean of the pooled clip features.

        Args:
            inputs (torch.Tensor): (B, N, C, T, H, W), or (B, C, T, H, W)
                for one clip per video.

        Returns:
            torch.Tensor: (B, C'), L2-normalised if ``normalize``.
        """
        if inputs.ndim == 5:
            inputs = inputs.unsqueeze(1)
        check_multi_clip(inputs, type(self).__name__)
        video_feats = encode_clips(self.clip_features, inputs).mean(dim=1)
        return F.normalize(video_feats, dim=1) if self.normalize \
            else video_feats

    def forward(self,
                inputs: torch.Tensor,
                data_samples: Optional[List] = None,
                mode: str = 'tensor'):
        """``'tensor'``: features (B, C'); ``'predict'``: the data samples,
        each with a field ``video_feature`` (C',)."""
        if mode == 'tensor':
            return self.extract_feat(inputs)
        if mode == 'predict':
            feats = self.extract_feat(inputs)
            for data_sample, video_feats in zip(data_samples, feats):
                data_sample.video_feature = video_feats
            return data_samples
        raise ValueError(
            f'VideoFeatureExtractor.forward: mode "{mode}" is not one of '
            "('tensor', 'predict'); it is an evaluation model without a loss")
