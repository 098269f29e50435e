"""Timing two training steps against each other, as the step benchmarks do
(``tools/benchmarks/*_step.py``): their shared arguments and backbone, and
the alternating timer.
"""
import argparse
import statistics
import time
from typing import Callable, Dict

import torch


def add_step_arguments(parser: argparse.ArgumentParser) -> None:
    """The arguments every step benchmark takes: clip shape, ResNet3d depth
    and stem width, timing rounds, device and CPU threads."""
    parser.add_argument('--clip-len', type=int, default=8,
                        help='frames per clip (T)')
    parser.add_argument('--size', type=int, default=56,
                        help='spatial size of a clip (H = W)')
    parser.add_argument('--depth', type=int, default=18,
                        help='ResNet3d depth')
    parser.add_argument('--base-channels', type=int, default=64,
                        help='ResNet3d stem width')
    parser.add_argument('--iters', type=int, default=4,
                        help='timed steps of each kind')
    parser.add_argument('--warmup', type=int, default=1,
                        help='untimed steps of each kind first')
    parser.add_argument('--device', default='cpu', help='cpu or cuda')
    parser.add_argument('--threads', type=int, default=None,
                        help='torch CPU threads (default: torch default)')


def resnet3d_backbone(args: argparse.Namespace, **overrides) -> dict:
    """MMAction2's ``ResNet3d`` config of ``--depth`` and
    ``--base-channels``, random init, with ``overrides``."""
    return dict(
        type='ResNet3d',
        depth=args.depth,
        base_channels=args.base_channels,
        pretrained=None,
        pretrained2d=False,
        **overrides)


def timed(step: Callable[[], None], device: str) -> float:
    """Seconds one call of ``step`` takes, the device synchronised around
    it."""
    if device.startswith('cuda'):
        torch.cuda.synchronize()
    start = time.perf_counter()
    step()
    if device.startswith('cuda'):
        torch.cuda.synchronize()
    return time.perf_counter() - start


def time_alternately(steps: Dict[str, Callable[[], None]], warmup: int,
                     iters: int, device: str) -> Dict[str, Dict[str, float]]:
    """Run the steps in alternating order, ``warmup`` untimed rounds then
    ``iters`` timed ones, so that drifting machine load hits all alike.

    Returns:
        dict: ``{name: {'median': s, 'min': s}}`` per step.
    """
    times = {name: [] for name in steps}
    for index in range(warmup + iters):
        order = list(steps) if index % 2 == 0 else list(reversed(steps))
        for name in order:
            seconds = timed(steps[name], device)
            if index >= warmup:
                times[name].append(seconds)
    return {
        name: dict(median=statistics.median(t), min=min(t))
        for name, t in times.items()
    }
