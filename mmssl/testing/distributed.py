"""Run a function on several gloo processes on this machine (for tests of
distributed code on a CPU)."""
import os
import os.path as osp
import socket
from typing import Any, Callable, List

import torch
import torch.distributed as dist
import torch.multiprocessing as mp


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(('127.0.0.1', 0))
        return sock.getsockname()[1]


def _run_rank(rank: int, work: Callable[[int], Any], world_size: int,
              port: int, out_dir: str) -> None:
    os.environ.update(MASTER_ADDR='127.0.0.1', MASTER_PORT=str(port))
    torch.set_num_threads(1)
    dist.init_process_group('gloo', rank=rank, world_size=world_size)
    try:
        torch.save(work(rank), osp.join(out_dir, f'rank{rank}.pth'))
    finally:
        dist.destroy_process_group()


def run_on_gloo_processes(work: Callable[[int], Any], world_size: int,
                          out_dir: str) -> List[Any]:
    """Call ``work(rank)`` in ``world_size`` spawned processes joined by a
    gloo process group, one thread each.

    Args:
        work (Callable[[int], Any]): A module-level (picklable) function of
            the rank; what it returns must be savable with ``torch.save``.
        world_size (int): Number of processes.
        out_dir (str): Folder for the results, ``rank<r>.pth``.

    Returns:
        list: What ``work`` returned, in rank order.
    """
    mp.spawn(_run_rank, args=(work, world_size, _free_port(), str(out_dir)),
             nprocs=world_size)
    return [
        torch.load(osp.join(out_dir, f'rank{rank}.pth'))
        for rank in range(world_size)
    ]
