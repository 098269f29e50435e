"""Benchmark the multi-clip data pipeline against raw decoding, one thread.

On the same videos and the same sampled frame indices it times, per sample:

(a) raw: open the video with decord and decode exactly the unique frames the
    sample needs in one ``get_batch`` call;
(b) pipeline: ``DecordOpen`` -> ``MultiClipSampler`` -> ``DecordDecodeOnce``
    -> per-clip random resized crop and flip -> ``PackMultiClipInputs``;
(c) naive: the single-clip pipeline run once per clip, opening and decoding
    the video for every clip.

and prints (b)/(a) (the overhead of everything but decoding), (c)/(b) (the
saving of decoding once) and clips per second per core. Times are CPU time
of this process, which other load on the machine barely changes, unlike
wall-clock time.

Example::

    python tools/benchmarks/pipeline.py                     # generated videos
    python tools/benchmarks/pipeline.py --videos ../shared/videos/*.mp4
"""
import argparse
import os
import os.path as osp
import tempfile
import time
from functools import partial

os.environ.setdefault('OMP_NUM_THREADS', '1')

import cv2  # noqa: E402
import decord  # noqa: E402
import numpy as np  # noqa: E402
import torch  # noqa: E402
from mmcv.transforms import Compose  # noqa: E402

from mmssl.registry import TRANSFORMS  # noqa: E402
from mmssl.utils import register_all_modules  # noqa: E402

#: name -> transformation set, one clip each.
SETTINGS = {
    'N=3 (1x,2x,4x)': [dict(type='Speed', rate=r) for r in (1, 2, 4)],
    'N=4 (1x,2x,4x,8x)': [dict(type='Speed', rate=r) for r in (1, 2, 4, 8)],
}


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument(
        '--videos', nargs='+', help='videos to use instead of generated ones')
    parser.add_argument(
        '--num-videos', type=int, default=4, help='videos to generate')
    parser.add_argument(
        '--num-frames', type=int, default=300, help='frames per video')
    parser.add_argument(
        '--video-size',
        type=int,
        nargs=2,
        default=(128, 171),
        metavar=('H', 'W'),
        help='frame size of generated videos')
    parser.add_argument(
        '--crop-size', type=int, default=112, help='output frame size')
    parser.add_argument('--clip-len', type=int, default=16)
    parser.add_argument(
        '--samples', type=int, default=10, help='samples per video')
    parser.add_argument(
        '--repeats',
        type=int,
        default=3,
        help='runs per sample, the fastest counts')
    parser.add_argument(
        '--start-mode',
        default='independent',
        choices=('independent', 'shared', 'adjacent'))
    return parser.parse_args()


def write_moving_texture(path, num_frames, size, seed):
    """An mp4v video of a random texture drifting under light noise."""
    height, width = size
    rng = np.random.default_rng(seed)
    texture = cv2.resize(
        rng.integers(0, 256, (height // 4, width // 2, 3), dtype=np.uint8),
        (width * 2, height * 2),
        interpolation=cv2.INTER_CUBIC)
    writer = cv2.VideoWriter(path, cv2.VideoWriter_fourcc(*'mp4v'), 30,
                             (width, height))
    for index in range(num_frames):
        y = int(height / 2 * (1 + np.sin(index / 40)) / 2)
        x = (2 * index) % width
        frame = texture[y:y + height, x:x + width]
        noise = rng.integers(-8, 9, frame.shape)
        writer.write(np.clip(frame + noise, 0, 255).astype(np.uint8))
    writer.release()
    return path


def spatial_steps(crop_size):
    """Per-clip augmentation and packing, shared by (b) and (c)."""
    return [
        dict(type='MultiClipRandomResizedCrop', size=crop_size),
        dict(type='MultiClipFlip'),
        dict(type='PackMultiClipInputs')
    ]


def sampled_indices(sampler, videos, samples):
    """Frame indices (N*T,) of every (video, sample), seeded by sample id."""
    plan = []
    for video in videos:
        total_frames = len(decord.VideoReader(video, num_threads=1))
        for sample in range(samples):
            seed = len(plan)
            np.random.seed(seed)
            results = sampler(dict(total_frames=total_frames))
            plan.append((video, seed, results['frame_inds']))
    return plan


def run_raw(video, seed, frame_inds):
    """(a) open + one get_batch of the unique frames."""
    reader = decord.VideoReader(video, num_threads=1)
    reader.get_batch(np.unique(frame_inds)).asnumpy()


def run_pipeline(video, seed, frame_inds, pipeline):
    """(b) the multi-clip pipeline, checked to draw the planned indices."""
    np.random.seed(seed)
    packed = pipeline(dict(filename=video, start_index=0))
    assert np.array_equal(packed['data_samples'].frame_inds, frame_inds)


def run_naive(video, seed, frame_inds, clip_len, single_clip):
    """(c) the single-clip pipeline once per clip, reopening the video."""
    clips = []
    for clip_inds in frame_inds.reshape(-1, clip_len):
        reader = decord.VideoReader(video, num_threads=1)
        packed = single_clip(
            dict(
                imgs=list(reader.get_batch(clip_inds).asnumpy()),
                num_clips=1,
                clip_len=clip_len,
                temporal_labels=np.zeros(1, np.int64)))
        clips.append(packed['inputs'])
    torch.cat(clips)


def best_times(plan, runners, repeats):
    """CPU seconds of each runner summed over the plan.

    Runners alternate sample by sample, in an order rotating from sample to
    sample, so load from other processes and warm caches favour none; each
    sample keeps its fastest of ``repeats`` runs.
    """
    best = np.full((len(runners), len(plan)), np.inf)
    for _ in range(repeats):
        for j, item in enumerate(plan):
            for k in range(len(runners)):
                i = (j + k) % len(runners)
                start = time.process_time()
                runners[i](*item)
                best[i, j] = min(best[i, j], time.process_time() - start)
    return best.sum(axis=1)


def main():
    args = parse_args()
    torch.set_num_threads(1)
    cv2.setNumThreads(1)
    register_all_modules()
    with tempfile.TemporaryDirectory() as tmp:
        videos = args.videos or [
            write_moving_texture(
                osp.join(tmp, f'video_{i}.mp4'), args.num_frames,
                args.video_size, i) for i in range(args.num_videos)
        ]
        shape = decord.VideoReader(videos[0])[0].shape
        print(f'{len(videos)} videos, first {shape[0]}x{shape[1]}, '
              f'{args.samples} samples each, T={args.clip_len}, crop '
              f'{args.crop_size}, start_mode={args.start_mode}, 1 thread, '
              f'CPU time, fastest of {args.repeats} runs per sample')
        header = (f'{"setting":<20}{"(a) ms":>9}{"(b) ms":>9}{"(c) ms":>9}'
                  f'{"(b)/(a)":>9}{"(c)/(b)":>9}{"clips/s (b)":>13}'
                  f'{"clips/s (c)":>13}')
        print(header)
        for name, transforms in SETTINGS.items():
            sampler_cfg = dict(
                type='MultiClipSampler',
                clip_len=args.clip_len,
                transforms=transforms,
                start_mode=args.start_mode)
            plan = sampled_indices(
                TRANSFORMS.build(sampler_cfg), videos, args.samples)
            pipeline = Compose([
                dict(type='DecordOpen', num_threads=1), sampler_cfg,
                dict(type='DecordDecodeOnce')
            ] + spatial_steps(args.crop_size))
            single_clip = Compose(spatial_steps(args.crop_size))
            runners = [
                run_raw,
                partial(run_pipeline, pipeline=pipeline),
                partial(
                    run_naive, clip_len=args.clip_len, single_clip=single_clip)
            ]
            best_times(plan[:1], runners, repeats=1)  # warm-up
            raw, full, naive = best_times(plan, runners, args.repeats)
            num_samples, num_clips = len(plan), len(transforms)
            print(f'{name:<20}{1e3 * raw / num_samples:>9.1f}'
                  f'{1e3 * full / num_samples:>9.1f}'
                  f'{1e3 * naive / num_samples:>9.1f}{full / raw:>9.2f}'
                  f'{naive / full:>9.2f}'
                  f'{num_samples * num_clips / full:>13.1f}'
                  f'{num_samples * num_clips / naive:>13.1f}')


if __name__ == '__main__':
    main()
