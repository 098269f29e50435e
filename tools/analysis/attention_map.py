"""Attention maps of clips of one video at paces 1, 2, 3, 4 (Pace Prediction
supplement, Fig. 1).

From the same initial frame, one clip per pace p takes every p-th frame
(``Speed(p)`` of the temporal transformations, looping past the end of short
videos). The attention of a clip is activation-based (Zagoruyko and
Komodakis, 2017): the sum over channels of the squared activations of the
backbone's last conv stage, (C, t, h, w) -> (t, h, w). By default, as in the
supplement, one map per clip: averaged over t, upsampled to the frame size
and shown on every frame; ``--temporal`` keeps its time axis instead
(trilinear upsampling to the clip). Each clip's map is normalised to [0, 1].

The tool writes ONE PNG grid: a row per pace (labelled on the left), a
column per shown clip frame (every ``--frame-step``-th, labelled on top),
each frame blended with its map in the jet colour map. With ``--crop-size``
S, ``P`` paces and ``F`` shown frames the image is
``HEADER_HEIGHT + P * S`` by ``LABEL_WIDTH + F * S`` pixels.
``--save-maps`` also writes the normalised maps (P, T, S, S), the raw maps
(P, t, h, w) and the frame indices as ``<out>.npz``.

Only the backbone is loaded, weights-only, from any mmssl checkpoint of the
config's backbone (missing or misshapen backbone weights stop the tool).

Example::

    python tools/analysis/attention_map.py configs/pace/r3d18_ucf101.py \
        work_dirs/pace/epoch_18.pth data/ucf101/videos/x.avi \
        --out work_dirs/pace/attention.png
"""
import argparse
import os
import os.path as osp
from typing import List, Optional, Sequence

import cv2
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
from mmengine.config import DictAction
from mmengine.dataset import Compose, pseudo_collate

from mmssl.apis import exit_on_user_error, load_config
from mmssl.errors import ConfigValueError, MissingFileError
from mmssl.models.utils import load_backbone_checkpoint
from mmssl.registry import MODELS
from mmssl.utils import register_all_modules

#: Height of the strip of column titles, in pixels.
HEADER_HEIGHT = 20
#: Width of the strip of row titles, in pixels.
LABEL_WIDTH = 64
_FONT = cv2.FONT_HERSHEY_SIMPLEX


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('config', help='config whose model has a backbone')
    parser.add_argument('checkpoint', help='checkpoint holding backbone.*')
    parser.add_argument('video', help='video file to sample the clips from')
    parser.add_argument('--out', default='attention.png', help='output PNG')
    parser.add_argument('--paces', type=int, nargs='+', default=[1, 2, 3, 4],
                        help='one row per pace (integer frame steps)')
    parser.add_argument('--clip-len', type=int, default=16,
                        help='frames per clip')
    parser.add_argument('--crop-size', type=int, default=112,
                        help='short side resized to it, then centre crop')
    parser.add_argument('--frame-step', type=int, default=3,
                        help='show every n-th frame of a clip')
    parser.add_argument('--layer', default=None,
                        help='backbone submodule giving the map, e.g. conv5b'
                        ' for C3D; default: the backbone output')
    parser.add_argument('--temporal', action='store_true',
                        help='keep the time axis of the map instead of one '
                        'map per clip')
    parser.add_argument('--alpha', type=float, default=0.5,
                        help='weight of the heat map in the blend')
    parser.add_argument('--save-maps', action='store_true',
                        help='also write the maps as <out>.npz')
    parser.add_argument('--device', default='cpu', help='cpu or cuda')
    parser.add_argument(
        '--cfg-options', nargs='+', action=DictAction,
        help='override config settings, e.g. model.backbone.depth=34')
    args = parser.parse_args(argv)
    for name in ('clip_len', 'crop_size', 'frame_step'):
        if getattr(args, name) < 1:
            raise ConfigValueError(f'--{name.replace("_", "-")} must be >= 1,'
                                   f' got {getattr(args, name)}')
    if min(args.paces) < 1:
        raise ConfigValueError(f'--paces must be integers >= 1, got '
                               f'{args.paces}')
    if osp.splitext(args.out)[1].lower() != '.png':
        raise ConfigValueError(f'--out must end in .png, got {args.out}')
    if not 0 <= args.alpha <= 1:
        raise ConfigValueError(f'--alpha must be in [0, 1], got {args.alpha}')
    return args


def build_pipeline(paces: Sequence[int], clip_len: int,
                   crop_size: int) -> Compose:
    """Decode one clip per pace, all from the same start frame (the centre
    of the range every clip fits in), resize and centre-crop."""
    return Compose([
        dict(type='DecordOpen'),
        dict(type='MultiClipSampler', clip_len=clip_len,
             transforms=[dict(type='Speed', rate=pace) for pace in paces],
             start_mode='shared', test_mode=True),
        dict(type='DecordDecodeOnce'),
        dict(type='Resize', scale=(-1, crop_size)),
        dict(type='CenterCrop', crop_size=crop_size),
        dict(type='PackMultiClipInputs')
    ])


def load_clips(video: str, paces: Sequence[int], clip_len: int,
               crop_size: int) -> dict:
    """The packed clips: ``inputs`` (P, 3, T, S, S) uint8 RGB and
    ``data_samples`` (with the frame indices in its metainfo)."""
    if not osp.isfile(video):
        raise MissingFileError(f'video not found: {video}', video)
    pipeline = build_pipeline(paces, clip_len, crop_size)
    return pipeline(
        dict(filename=video, start_index=0, modality='RGB', sample_idx=0))


def load_model(cfg, checkpoint: str, device: str) -> nn.Module:
    """``cfg.model`` in eval mode, its backbone loaded from ``checkpoint``."""
    model = MODELS.build(cfg.model)
    if not isinstance(getattr(model, 'backbone', None), nn.Module):
        raise ConfigValueError(
            f'{cfg.filename}: model {type(model).__name__} has no backbone')
    load_backbone_checkpoint(model, checkpoint, strict=True)
    return model.to(device).eval()


def _children(backbone: nn.Module) -> List[str]:
    return [name for name, _ in backbone.named_children()]


def _find_layer(backbone: nn.Module, name: str) -> nn.Module:
    layers = dict(backbone.named_modules())
    if name not in layers:
        raise ConfigValueError(
            f'--layer {name}: {type(backbone).__name__} has no such '
            f'submodule; its children are {_children(backbone)}')
    return layers[name]


class _LayerOutput(Exception):
    """Raised by the hook on ``--layer`` to stop the forward pass there (the
    layers after it may not even accept the crop size, e.g. C3D's fc6)."""

    def __init__(self, output):
        super().__init__()
        self.output = output


def _raise_output(module, inputs, output):
    raise _LayerOutput(output)


def last_stage_features(backbone: nn.Module, clips: torch.Tensor,
                        layer: Optional[str] = None) -> torch.Tensor:
    """The feature map of the last conv stage.

    Args:
        backbone (nn.Module): The video backbone.
        clips (torch.Tensor): Normalised clips (P, C, T, H, W).
        layer (str, optional): Backbone submodule whose output is the map
            (the forward pass stops there); None takes the backbone output.

    Returns:
        torch.Tensor: (P, C', t, h, w).
    """
    if layer is None:
        feats = backbone(clips)
    else:
        handle = _find_layer(backbone, layer).register_forward_hook(
            _raise_output)
        try:
            backbone(clips)
            raise ConfigValueError(
                f'--layer {layer} is never called in the forward pass of '
                f'{type(backbone).__name__}')
        except _LayerOutput as captured:
            feats = captured.output
        finally:
            handle.remove()
    if isinstance(feats, (tuple, list)):
        feats = feats[-1]
    if feats.ndim != 5:
        where = f'--layer {layer}' if layer else 'the backbone output'
        raise ConfigValueError(
            f'{where} has shape {tuple(feats.shape)}, not a (N, C, t, h, w) '
            'conv map; name the last conv stage with --layer (children of '
            f'{type(backbone).__name__}: {_children(backbone)})')
    return feats


def activation_attention(feats: torch.Tensor) -> torch.Tensor:
    """Activation-based attention: sum over channels of squared activations.

    Args:
        feats (torch.Tensor): (P, C, t, h, w).

    Returns:
        torch.Tensor: (P, t, h, w).
    """
    return feats.float().pow(2).sum(dim=1)


def upsample_and_normalise(attention: torch.Tensor, size: Sequence[int],
                           temporal: bool = False) -> torch.Tensor:
    """Maps at clip size, each clip scaled to [0, 1] (a constant map to 0).

    Args:
        attention (torch.Tensor): (P, t, h, w).
        size (Sequence[int]): The clip's (T, H, W).
        temporal (bool): Keep the time axis (trilinear upsampling); else one
            map per clip, averaged over t and repeated over T.

    Returns:
        torch.Tensor: (P, T, H, W) in [0, 1].
    """
    num_frames, height, width = size
    if not temporal:
        attention = attention.mean(dim=1, keepdim=True)
    target = (num_frames if temporal else 1, height, width)
    maps = F.interpolate(
        attention[:, None], size=target, mode='trilinear',
        align_corners=False)[:, 0]
    maps = maps.expand(-1, num_frames, -1, -1)
    low = maps.flatten(1).min(dim=1).values[:, None, None, None]
    span = maps.flatten(1).max(dim=1).values[:, None, None, None] - low
    return torch.where(span > 0, (maps - low) / span.clamp(min=1e-12),
                       torch.zeros_like(maps))


def overlay(frame: np.ndarray, heat: np.ndarray,
            alpha: float) -> np.ndarray:
    """An RGB frame (H, W, 3) uint8 blended with a map (H, W) in [0, 1]
    in the jet colour map; returns (H, W, 3) uint8 BGR."""
    colours = cv2.applyColorMap(
        np.round(heat * 255).astype(np.uint8), cv2.COLORMAP_JET)
    bgr = cv2.cvtColor(frame, cv2.COLOR_RGB2BGR)
    return cv2.addWeighted(bgr, 1 - alpha, colours, alpha, 0)


def _title(canvas: np.ndarray, text: str, x: int, y: int) -> None:
    cv2.putText(canvas, text, (x, y), _FONT, 0.4, (0, 0, 0), 1, cv2.LINE_AA)


def render_grid(clips: np.ndarray, maps: np.ndarray, paces: Sequence[int],
                frame_step: int, alpha: float) -> np.ndarray:
    """The grid image: a row per pace, a column per shown frame.

    Args:
        clips (np.ndarray): (P, T, S, S, 3) uint8 RGB.
        maps (np.ndarray): (P, T, S, S) in [0, 1].
        paces (Sequence[int]): The P paces, for the row titles.
        frame_step (int): Show frames 0, step, 2 * step, ... < T.
        alpha (float): Weight of the heat map.

    Returns:
        np.ndarray: (HEADER_HEIGHT + P * S, LABEL_WIDTH + F * S, 3) uint8
        BGR, F = ceil(T / frame_step).
    """
    num_paces, num_frames, height, width = clips.shape[:4]
    shown = range(0, num_frames, frame_step)
    canvas = np.full((HEADER_HEIGHT + num_paces * height,
                      LABEL_WIDTH + len(shown) * width, 3), 255, np.uint8)
    for col, frame in enumerate(shown):
        _title(canvas, f't={frame}', LABEL_WIDTH + col * width + 4,
               HEADER_HEIGHT - 6)
    for row, pace in enumerate(paces):
        top = HEADER_HEIGHT + row * height
        _title(canvas, f'pace {pace}', 4, top + height // 2 + 4)
        for col, frame in enumerate(shown):
            left = LABEL_WIDTH + col * width
            canvas[top:top + height, left:left + width] = overlay(
                clips[row, frame], maps[row, frame], alpha)
    return canvas


@torch.no_grad()
def compute_maps(model: nn.Module, packed: dict, layer: Optional[str],
                 temporal: bool, device: str):
    """Raw maps (P, t, h, w) and normalised maps (P, T, S, S) of the packed
    clips, through the model's own input normalisation."""
    data = model.data_preprocessor(pseudo_collate([packed]), False)
    clips = data['inputs'][0].to(device)
    attention = activation_attention(
        last_stage_features(model.backbone, clips, layer))
    maps = upsample_and_normalise(attention, clips.shape[2:], temporal)
    return attention.cpu().numpy(), maps.cpu().numpy()


@exit_on_user_error
def main(argv: Optional[Sequence[str]] = None) -> List[str]:
    """Run the tool; returns the written paths."""
    args = parse_args(argv)
    register_all_modules()
    cfg = load_config(args.config)
    if args.cfg_options:
        cfg.merge_from_dict(args.cfg_options)
    model = load_model(cfg, args.checkpoint, args.device)
    packed = load_clips(args.video, args.paces, args.clip_len,
                        args.crop_size)
    raw, maps = compute_maps(model, packed, args.layer, args.temporal,
                             args.device)
    clips = packed['inputs'].permute(0, 2, 3, 4, 1).numpy()
    grid = render_grid(clips, maps, args.paces, args.frame_step, args.alpha)
    os.makedirs(osp.dirname(osp.abspath(args.out)), exist_ok=True)
    if not cv2.imwrite(args.out, grid):
        raise ConfigValueError(f'--out {args.out}: cannot write there')
    written = [args.out]
    frame_inds = packed['data_samples'].metainfo['frame_inds'].reshape(
        len(args.paces), args.clip_len)
    if args.save_maps:
        npz = osp.splitext(args.out)[0] + '.npz'
        np.savez(npz, maps=maps, raw=raw, frame_inds=frame_inds,
                 paces=np.array(args.paces))
        written.append(npz)
    for pace, inds, attention in zip(args.paces, frame_inds, raw):
        print(f'pace {pace}: frames {inds[0]}..{inds[-1]}, '
              f'peak attention {attention.max():.4g}')
    print('saved ' + ', '.join(written))
    return written


if __name__ == '__main__':
    main()
