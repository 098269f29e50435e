"""Generate the toy motion-type dataset (see tools/data/toy/README.md).

Example::

    python tools/data/toy/generate_toy_dataset.py --out data/toy
"""
import argparse
import time

from mmssl.apis import exit_on_user_error
from mmssl.datasets.toy import generate_toy_dataset


def parse_args():
    parser = argparse.ArgumentParser(
        description='Write videos of textured shapes moving with one of the '
        'five mHMDB51 motion types, with MMAction2 annotation lists')
    parser.add_argument('--out', default='data/toy', help='output folder')
    parser.add_argument(
        '--num-train', type=int, default=100, help='training videos')
    parser.add_argument(
        '--num-val', type=int, default=40, help='validation videos')
    parser.add_argument(
        '--frames', type=int, default=96, help='frames per video')
    parser.add_argument(
        '--size', type=int, default=64, help='frame height and width')
    parser.add_argument('--fps', type=float, default=25, help='frame rate')
    parser.add_argument('--seed', type=int, default=0, help='random seed')
    parser.add_argument(
        '--max-drift',
        type=float,
        default=0.3,
        help='largest background speed in pixels per frame (0: still)')
    parser.add_argument(
        '--workers', type=int, default=1, help='worker processes')
    return parser.parse_args()


@exit_on_user_error
def main():
    args = parse_args()
    start = time.perf_counter()
    paths = generate_toy_dataset(
        args.out,
        num_train=args.num_train,
        num_val=args.num_val,
        num_frames=args.frames,
        size=args.size,
        fps=args.fps,
        seed=args.seed,
        max_drift=args.max_drift,
        workers=args.workers)
    seconds = time.perf_counter() - start
    print(f'wrote {args.num_train} + {args.num_val} videos ({args.frames} '
          f'frames, {args.size}x{args.size}, {args.fps:g} fps) in '
          f'{seconds:.1f} s')
    for name in ('videos', 'train', 'val', 'classes'):
        print(f'{name}: {paths[name]}')


if __name__ == '__main__':
    main()
