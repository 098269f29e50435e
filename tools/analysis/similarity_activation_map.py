"""Similarity activation maps of RSPNet's two heads (supplement, eq. 2).

For clips ``c_i`` and ``c_j`` of one video with last feature maps ``F_i``
and ``F_j`` (C x t x h x w), pooled features ``x = GAP(F)`` and linear
projections ``W_i`` (the query's head) and ``W_j`` (the key encoder's copy),
the similarity is ``s = (W_j x_j)^T (W_i x_i)`` and the similarity
activation map of ``c_i`` is ``M_s = ((W_j x_j)^T W_i) F_i`` (t x h x w):
where in ``c_i`` the evidence for ``s`` lies; its mean is ``s`` up to the
projections' biases and the normalisation. The map of ``c_j`` swaps the
roles. The clips come from the config's ``val_dataloader`` pipeline run on
one video (for RSPNet: query, positive key, negative key).

Per head, the tool writes ``<out-dir>/<head>.png``: frames of both clips
with their maps (upsampled to the clip, one colour scale per head) overlaid,
and with ``--save-maps`` the raw maps as ``<head>.npz``.

Example::

    python tools/analysis/similarity_activation_map.py \
        configs/rspnet/r3d18_toy.py work_dirs/rspnet_toy/epoch_12.pth \
        data/toy/videos/linear/val_00100.mp4 --out-dir work_dirs/sam
"""
import argparse
import os
import os.path as osp
from typing import Dict, List, Optional, Sequence, Tuple

import numpy as np
import torch
import torch.nn.functional as F
from mmengine.config import DictAction
from mmengine.dataset import Compose, pseudo_collate

from mmssl.apis import exit_on_user_error, load_config
from mmssl.errors import ConfigKeyError, ConfigValueError, InputFileError
from mmssl.models.utils import load_model_checkpoint
from mmssl.registry import MODELS
from mmssl.utils import register_all_modules

#: Per head: the maps of clips i and j (t, h, w) and their similarity s.
Maps = Tuple[np.ndarray, np.ndarray, float]


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('config', help='RSPNet config with a val_dataloader')
    parser.add_argument('checkpoint', help='checkpoint of that model')
    parser.add_argument('video', help='video file to take the clips from')
    parser.add_argument(
        '--clips', type=int, nargs=2, default=(0, 1), metavar=('I', 'J'),
        help='the pair: clip i (through the query encoder) and clip j '
        '(through the key encoder); default 0 1, the query and its '
        'positive key')
    parser.add_argument('--out-dir', default='sam', help='output folder')
    parser.add_argument('--frames', type=int, default=4,
                        help='frames shown per clip')
    parser.add_argument('--save-maps', action='store_true',
                        help='also write the raw maps as <head>.npz')
    parser.add_argument('--device', default='cpu', help='cpu or cuda')
    parser.add_argument(
        '--cfg-options', nargs='+', action=DictAction,
        help='override config settings, e.g. model.backbone.depth=18')
    return parser.parse_args(argv)


def load_model(cfg, checkpoint: str, device: str) -> torch.nn.Module:
    """Build ``cfg.model``, load ``checkpoint``, check it has linear heads
    and a key encoder."""
    model = MODELS.build(cfg.model)
    if not hasattr(model, 'key_encoder') or not hasattr(model, 'heads'):
        raise ConfigValueError(
            f'{cfg.filename}: model {type(model).__name__} has no key encoder'
            ' and projection heads; expected an RSPNet config')
    for name, head in model.heads.items():
        if not head.projection.is_linear:
            raise ConfigValueError(
                f'{cfg.filename}: head "{name}" projects with an MLP; eq. 2 '
                'needs one linear projection (hidden_channels=None)')
    load_model_checkpoint(model, checkpoint)
    return model.to(device).eval()


def load_clips(cfg, video: str) -> dict:
    """The packed clips of ``video`` from the config's validation pipeline:
    ``inputs`` (N, C, T, H, W) uint8 and ``data_samples``."""
    if not osp.isfile(video):
        raise InputFileError(f'video not found: {video}', video)
    if 'val_dataloader' not in cfg:
        raise ConfigKeyError(f'{cfg.filename}: no val_dataloader pipeline')
    pipeline = Compose(cfg.val_dataloader.dataset.pipeline)
    return pipeline(
        dict(filename=video, start_index=0, modality='RGB', sample_idx=0))


def activation_map(feats: torch.Tensor, weight: torch.Tensor,
                   other: torch.Tensor) -> torch.Tensor:
    """Eq. 2: ``((W_j x_j)^T W_i) F_i``.

    Args:
        feats (torch.Tensor): ``F_i``, (C, t, h, w).
        weight (torch.Tensor): ``W_i``, (D, C).
        other (torch.Tensor): ``W_j x_j``, (D,).

    Returns:
        torch.Tensor: (t, h, w).
    """
    return torch.einsum('d,dc,cthw->thw', other, weight, feats)


@torch.no_grad()
def similarity_maps(model, inputs: torch.Tensor, clip_i: int,
                    clip_j: int) -> Dict[str, Maps]:
    """Maps of both clips for every head.

    Args:
        model: An RSPNet in eval mode.
        inputs (torch.Tensor): Normalised clips (1, N, C, T, H, W).
        clip_i (int): Clip through the query encoder.
        clip_j (int): Clip through the key encoder.
    """
    key = model.key_encoder.module
    feats_i = model.backbone(inputs[:, clip_i])[0]
    feats_j = key.backbone(inputs[:, clip_j])[0]
    if feats_i.ndim != 4:
        raise ConfigValueError(
            f'the backbone gives features of shape {tuple(feats_i.shape)}, '
            'not a (C, t, h, w) map; a map needs a convolutional last layer '
            '(not C3D\'s fc7)')
    maps = {}
    for name, head in model.heads.items():
        weight_i = head.projection.mlp.weight
        weight_j = key.projections[name].mlp.weight
        embed_i = weight_i @ feats_i.mean(dim=(1, 2, 3))
        embed_j = weight_j @ feats_j.mean(dim=(1, 2, 3))
        maps[name] = (activation_map(feats_i, weight_i, embed_j).cpu().numpy(),
                      activation_map(feats_j, weight_j, embed_i).cpu().numpy(),
                      float(embed_i @ embed_j))
    return maps


def upsample(heat: np.ndarray, size: Sequence[int]) -> np.ndarray:
    """(t, h, w) to (T, H, W), trilinear."""
    heat = torch.from_numpy(heat)[None, None].float()
    return F.interpolate(
        heat, size=tuple(size), mode='trilinear',
        align_corners=False)[0, 0].numpy()


def overlay(frame: np.ndarray, heat: np.ndarray, alpha: float = 0.5):
    """An RGB frame (H, W, 3) uint8 blended with a heat map in [0, 1]."""
    from matplotlib import colormaps
    colours = colormaps['jet'](heat)[..., :3]
    return (1 - alpha) * frame / 255.0 + alpha * colours


def plot_pair(name: str, clips: np.ndarray, heats: Sequence[np.ndarray],
              similarity: float, labels: Sequence[str], num_frames: int,
              out: str) -> None:
    """Rows: the two clips; columns: ``num_frames`` evenly spaced frames.

    Args:
        clips (np.ndarray): The two clips (2, T, H, W, 3) uint8.
        heats (Sequence[np.ndarray]): Their maps (T, H, W) in [0, 1].
    """
    import matplotlib
    matplotlib.use('Agg')
    import matplotlib.pyplot as plt

    steps = np.linspace(0, clips.shape[1] - 1, num_frames).round().astype(int)
    fig, axes = plt.subplots(
        2, num_frames, figsize=(1.8 * num_frames, 4), squeeze=False)
    for row, (clip, heat, label) in enumerate(zip(clips, heats, labels)):
        for col, step in enumerate(steps):
            ax = axes[row, col]
            ax.imshow(overlay(clip[step], heat[step]))
            ax.set_xticks([])
            ax.set_yticks([])
            if col == 0:
                ax.set_ylabel(label)
            if row == 0:
                ax.set_title(f'frame {step}')
    fig.suptitle(f'{name}: similarity activation maps, '
                 f's = {similarity:.3f} (eq. 2: no bias, not normalised)')
    fig.tight_layout()
    fig.savefig(out, dpi=100)
    plt.close(fig)


def write_maps(maps: Dict[str, Maps], clips: np.ndarray, pair: Sequence[int],
               rates: Sequence[float], args) -> List[str]:
    """A PNG (and with ``--save-maps`` an npz) per head; returns the paths.

    Args:
        clips (np.ndarray): The two clips (2, T, H, W, 3) uint8.
    """
    os.makedirs(args.out_dir, exist_ok=True)
    labels = [
        f'clip {index} ({rate:g}x)' for index, rate in zip(pair, rates)
    ]
    written = []
    for name, (map_i, map_j, similarity) in maps.items():
        low = min(map_i.min(), map_j.min())
        span = max(map_i.max(), map_j.max()) - low
        heats = [
            upsample((m - low) / span if span > 0 else m * 0,
                     clips.shape[1:4]) for m in (map_i, map_j)
        ]
        path = osp.join(args.out_dir, f'{name}.png')
        plot_pair(name, clips, heats, similarity, labels, args.frames, path)
        written.append(path)
        if args.save_maps:
            npz = osp.join(args.out_dir, f'{name}.npz')
            np.savez(npz, map_i=map_i, map_j=map_j, similarity=similarity)
            written.append(npz)
    return written


@exit_on_user_error
def main(argv: Optional[Sequence[str]] = None) -> List[str]:
    """Run the tool; returns the written paths."""
    args = parse_args(argv)
    register_all_modules()
    cfg = load_config(args.config)
    if args.cfg_options:
        cfg.merge_from_dict(args.cfg_options)
    model = load_model(cfg, args.checkpoint, args.device)
    packed = load_clips(cfg, args.video)
    num_clips = packed['inputs'].shape[0]
    pair = list(args.clips)
    if not all(0 <= index < num_clips for index in pair):
        raise ConfigValueError(
            f'--clips {pair[0]} {pair[1]}: the pipeline gives {num_clips} '
            f'clips, expected indices in [0, {num_clips})')
    data = model.data_preprocessor(pseudo_collate([packed]), False)
    maps = similarity_maps(model, data['inputs'].to(args.device), *pair)
    clips = packed['inputs'][pair].permute(0, 2, 3, 4, 1).numpy()
    sample = packed['data_samples']
    rates = (sample.playback_rates[pair].tolist()
             if 'playback_rates' in sample else [float('nan')] * 2)
    written = write_maps(maps, clips, pair, rates, args)
    for name, (_, _, similarity) in maps.items():
        print(f'{name}: s = {similarity:.4f}')
    print('saved ' + ', '.join(written))
    return written


if __name__ == '__main__':
    main()
