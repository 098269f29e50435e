"""Write what a dataset pipeline produces, before packing, as images.

For each of the first ``--num-samples`` samples of the ``--split`` dataset of
a config, the pipeline runs up to (not including) its packer and the clips
are written as

- ``png``: one grid per sample, a row per clip and a column per frame, each
  row titled with the clip's index and per-clip labels;
- ``gif``: one animation per sample, frame ``t`` showing all clips stacked.

Per-clip labels are the results keys ending in ``_labels`` whose value has
one entry per clip (``temporal_labels``, ``rotation_labels``,
``view_labels``, ...). Non-uint8 frames (float frame differences) are
min-max scaled to ``[0, 255]`` per sample.

Example::

    python tools/analysis/browse_pipeline.py \\
        configs/transrank/transrank_r3d18_ucf101.py --num-samples 4 \\
        --out-dir work_dirs/browse --format png
"""
import argparse
import os
import os.path as osp
import random
from typing import List, Optional, Sequence

import cv2
import numpy as np
from mmaction.datasets.transforms import PackActionInputs
from mmengine.config import Config, DictAction
from PIL import Image

from mmssl.apis import exit_on_user_error
from mmssl.datasets.transforms import PackMultiClipInputs
from mmssl.errors import ConfigKeyError
from mmssl.registry import DATASETS
from mmssl.utils import register_all_modules

#: Height in pixels of the title strip above each clip.
TITLE_HEIGHT = 16
PACKERS = (PackMultiClipInputs, PackActionInputs)


def parse_args(argv: Optional[Sequence[str]] = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description='Write the clips a dataset pipeline produces as images')
    parser.add_argument('config', help='config file path')
    parser.add_argument(
        '--split',
        default='train',
        help='dataset of `<split>_dataloader` to browse (train, val, test)')
    parser.add_argument(
        '--num-samples', type=int, default=4, help='samples to write')
    parser.add_argument(
        '--out-dir',
        default='work_dirs/browse_pipeline',
        help='folder of the written images')
    parser.add_argument(
        '--format',
        choices=('png', 'gif'),
        default='png',
        help='image grid or animation')
    parser.add_argument(
        '--fps', type=float, default=4., help='frames per second of a gif')
    parser.add_argument(
        '--seed', type=int, default=0, help='seed of the random transforms')
    parser.add_argument(
        '--cfg-options',
        nargs='+',
        action=DictAction,
        help='override config settings, e.g. train_dataloader.dataset.'
        'ann_file=ann.txt')
    return parser.parse_args(argv)


def build_dataset(cfg: Config, split: str):
    """Build ``cfg.<split>_dataloader.dataset``."""
    key = f'{split}_dataloader'
    if key not in cfg or 'dataset' not in cfg[key]:
        raise ConfigKeyError(f'{cfg.filename}: no {key}.dataset to browse '
                             f'(--split {split}); config keys: {sorted(cfg)}')
    return DATASETS.build(cfg[key]['dataset'])


def transforms_before_packer(dataset) -> list:
    """The dataset's pipeline transforms up to its first packer."""
    transforms = list(dataset.pipeline.transforms)
    for i, transform in enumerate(transforms):
        if isinstance(transform, PACKERS):
            return transforms[:i]
    return transforms


def run_unpacked(dataset, index: int) -> Optional[dict]:
    """Results of sample ``index`` before packing; None if a transform
    dropped the sample."""
    results = dataset.get_data_info(index)
    for transform in transforms_before_packer(dataset):
        results = transform(results)
        if results is None:
            return None
    return results


def clips_of(results: dict) -> np.ndarray:
    """Clips of the results as displayable uint8, (N, T, H, W, 3)."""
    frames = np.stack(results['imgs'])
    if frames.dtype != np.uint8:
        low, high = frames.min(), frames.max()
        scale = 255. / max(float(high - low), 1e-6)
        frames = ((frames - low) * scale).round().astype(np.uint8)
    num_clips = results.get('num_clips', 1)
    return frames.reshape(num_clips, -1, *frames.shape[1:])


def clip_titles(results: dict) -> List[str]:
    """One title per clip: its index and its per-clip labels."""
    num_clips = results.get('num_clips', 1)
    label_keys = sorted(key for key, value in results.items()
                        if key.endswith('_labels') and np.ndim(value) == 1
                        and len(value) == num_clips)
    return [
        ' '.join([f'clip {i}'] +
                 [f'{key}={results[key][i]}' for key in label_keys])
        for i in range(num_clips)
    ]


def title_strip(title: str, width: int) -> np.ndarray:
    """A black (TITLE_HEIGHT, width, 3) strip with ``title`` in white."""
    strip = np.zeros((TITLE_HEIGHT, width, 3), np.uint8)
    cv2.putText(strip, title, (2, TITLE_HEIGHT - 4), cv2.FONT_HERSHEY_SIMPLEX,
                0.35, (255, 255, 255), 1, cv2.LINE_AA)
    return strip


def render_grid(clips: np.ndarray, titles: Sequence[str]) -> np.ndarray:
    """Grid of clips (N, T, H, W, 3): row i is clip i under its title.

    Returns:
        np.ndarray: (N * (TITLE_HEIGHT + H), T * W, 3) uint8 RGB.
    """
    rows = []
    for clip, title in zip(clips, titles):
        frames = np.concatenate(list(clip), axis=1)
        rows += [title_strip(title, frames.shape[1]), frames]
    return np.concatenate(rows, axis=0)


def render_animation(clips: np.ndarray,
                     titles: Sequence[str]) -> List[np.ndarray]:
    """Frame t of all clips stacked, for t in [0, T); each frame is
    (N * (TITLE_HEIGHT + H), W, 3) uint8 RGB."""
    return [
        render_grid(clips[:, t:t + 1], titles) for t in range(clips.shape[1])
    ]


def write_sample(results: dict, path: str, fmt: str, fps: float) -> None:
    """Write the clips of one sample to ``path`` as png or gif."""
    clips, titles = clips_of(results), clip_titles(results)
    # Pillow, not cv2.imwrite: once decord is imported, its bundled zlib
    # breaks OpenCV's PNG codec (cv2.imwrite writes unreadable files).
    if fmt == 'png':
        Image.fromarray(render_grid(clips, titles)).save(path)
        return
    first, *rest = [
        Image.fromarray(f) for f in render_animation(clips, titles)
    ]
    first.save(
        path,
        save_all=True,
        append_images=rest,
        duration=int(1000 / fps),
        loop=0)


@exit_on_user_error
def main(argv: Optional[Sequence[str]] = None) -> List[str]:
    """Run the tool; returns the written paths."""
    args = parse_args(argv)
    cfg = Config.fromfile(args.config)
    if args.cfg_options:
        cfg.merge_from_dict(args.cfg_options)
    register_all_modules()
    random.seed(args.seed)
    np.random.seed(args.seed)

    dataset = build_dataset(cfg, args.split)
    os.makedirs(args.out_dir, exist_ok=True)
    written = []
    for index in range(min(args.num_samples, len(dataset))):
        results = run_unpacked(dataset, index)
        if results is None:
            print(f'sample {index}: dropped by the pipeline, skipped')
            continue
        path = osp.join(args.out_dir,
                        f'{args.split}_{index:04d}.{args.format}')
        write_sample(results, path, args.format, args.fps)
        written.append(path)
        print(f'sample {index}: {path}')
    return written


if __name__ == '__main__':
    main()
