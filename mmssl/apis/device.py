"""Adapting a config to the machine, and hygiene of distributed workers."""
import datetime
import os
import signal
import threading
import time

import torch
from mmengine.config import Config

#: Process-group timeout (seconds) when the config sets none: MMEngine's
#: and torch's 30 minutes on GPUs (NCCL), two minutes on CPUs (gloo), where
#: a collective never legitimately waits that long.
DEFAULT_GPU_TIMEOUT = 1800
DEFAULT_CPU_TIMEOUT = 120


def adapt_to_device(cfg: Config) -> None:
    """Make a distributed config run on this machine.

    Sets the process-group timeout (``env_cfg.dist_cfg.timeout``, seconds)
    unless the config does. Without CUDA, NCCL cannot run, so distributed
    runs switch to the ``gloo`` backend, and DDP is built without
    ``device_ids`` (which only GPU modules accept). MMEngine's ``init_dist``
    calls ``torch.cuda.set_device``, which CPU builds of torch lack, so with
    the ``pytorch`` launcher (torchrun) the process group is initialised
    here, from torchrun's environment. Single-process configs are left
    untouched.
    """
    if cfg.get('launcher', 'none') == 'none':
        return
    cfg.setdefault('env_cfg', {}).setdefault('dist_cfg', {})
    dist_cfg = cfg.env_cfg.dist_cfg
    on_gpu = torch.cuda.is_available()
    dist_cfg.setdefault('timeout',
                        DEFAULT_GPU_TIMEOUT if on_gpu else DEFAULT_CPU_TIMEOUT)
    if on_gpu:
        return
    dist_cfg.backend = 'gloo'
    if cfg.launcher == 'pytorch' and not torch.distributed.is_initialized():
        torch.distributed.init_process_group(
            backend='gloo',
            timeout=datetime.timedelta(seconds=dist_cfg.timeout))
    wrapper = cfg.get('model_wrapper_cfg') or dict(
        type='MMDistributedDataParallel',
        broadcast_buffers=False,
        find_unused_parameters=cfg.get('find_unused_parameters', False))
    wrapper['device_ids'] = None
    cfg.model_wrapper_cfg = wrapper


def exit_with_launcher(poll_seconds: float = 1.0,
                       grace_seconds: float = 10.0) -> threading.Thread:
    """End this worker when the process that launched it dies.

    A daemon thread polls the parent PID; when the launcher (torchrun) is
    killed, even with SIGKILL, the worker is re-parented and the thread
    sends it SIGTERM, then kills it after ``grace_seconds`` if it is still
    alive (a worker blocked in a collective). Call it in each worker.

    Returns:
        threading.Thread: The started watchdog thread.
    """
    parent = os.getppid()

    def watch():
        while os.getppid() == parent:
            time.sleep(poll_seconds)
        os.kill(os.getpid(), signal.SIGTERM)
        time.sleep(grace_seconds)
        os._exit(1)

    thread = threading.Thread(
        target=watch, name='exit-with-launcher', daemon=True)
    thread.start()
    return thread
