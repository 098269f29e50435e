"""Timing two training steps against each other, as the step benchmarks do.
"""
import statistics
import time
from typing import Callable, Dict

import torch


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
