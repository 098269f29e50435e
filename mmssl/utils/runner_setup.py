"""Checks and adjustments applied to a config before the runner is built."""
import difflib

import torch
from mmengine.config import Config

#: Top-level keys that ``mmengine.runner.Runner.from_cfg`` reads.
RUNNER_KEYS = (
    'model', 'work_dir', 'train_dataloader', 'val_dataloader',
    'test_dataloader', 'train_cfg', 'val_cfg', 'test_cfg', 'auto_scale_lr',
    'optim_wrapper', 'param_scheduler', 'val_evaluator', 'test_evaluator',
    'default_hooks', 'custom_hooks', 'data_preprocessor', 'load_from',
    'resume', 'launcher', 'env_cfg', 'log_processor', 'log_level',
    'visualizer', 'default_scope', 'randomness', 'experiment_name', 'cfg',
    'model_wrapper_cfg', 'vis_backends', 'find_unused_parameters', 'sync_bn',
    'compile', 'strategy')


class ConfigKeyError(KeyError):
    """A config key that is most likely misspelt."""

    def __str__(self):
        return self.args[0]


def check_config_keys(cfg: Config, filename: str = 'config') -> None:
    """Reject top-level keys that look like typos of runner keys.

    Configs may define free variables (``data_root``, ``clip_len`` ...), so
    only unknown keys close to a runner key (``trian_dataloader``) are errors.

    Raises:
        ConfigKeyError: naming the key, the file and the key it resembles.
    """
    for key in cfg.keys():
        if key in RUNNER_KEYS or key.startswith('_'):
            continue
        close = difflib.get_close_matches(key, RUNNER_KEYS, n=1, cutoff=0.8)
        if close:
            raise ConfigKeyError(
                f'{filename}: unknown config key "{key}"; did you mean '
                f'"{close[0]}"?')


def adapt_to_device(cfg: Config) -> None:
    """Make a distributed config run on machines without CUDA.

    NCCL needs GPUs, so distributed runs on CPU switch to the ``gloo``
    backend, and DDP is built without ``device_ids`` (which only GPU modules
    accept). MMEngine's ``init_dist`` calls ``torch.cuda.set_device``, which
    CPU builds of torch lack, so with the ``pytorch`` launcher (torchrun) the
    process group is initialised here, from torchrun's environment. GPU runs
    are left untouched.
    """
    if cfg.get('launcher', 'none') == 'none' or torch.cuda.is_available():
        return
    cfg.setdefault('env_cfg', {}).setdefault('dist_cfg', {})
    cfg.env_cfg.dist_cfg.backend = 'gloo'
    if cfg.launcher == 'pytorch' and not torch.distributed.is_initialized():
        torch.distributed.init_process_group(backend='gloo')
    wrapper = cfg.get('model_wrapper_cfg') or dict(
        type='MMDistributedDataParallel', broadcast_buffers=False,
        find_unused_parameters=cfg.get('find_unused_parameters', False))
    wrapper['device_ids'] = None
    cfg.model_wrapper_cfg = wrapper
