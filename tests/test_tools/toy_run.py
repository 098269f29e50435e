"""Shared set-up of the tests that run the tools on a tiny toy dataset."""
import os
import os.path as osp
import subprocess
import sys

from tests.conftest import REPO_ROOT

TOY_CONFIG = osp.join(REPO_ROOT, 'configs', 'transrank', 'r3d18_toy.py')


def tiny_overrides(toy, max_epochs=2):
    """``--cfg-options`` shrinking the toy TransRank config to seconds."""
    options = [
        f'train_dataloader.dataset.ann_file={toy["train"]}',
        f'train_dataloader.dataset.data_prefix.video={toy["videos"]}',
        f'val_dataloader.dataset.ann_file={toy["val"]}',
        f'val_dataloader.dataset.data_prefix.video={toy["videos"]}',
        f'test_dataloader.dataset.ann_file={toy["val"]}',
        f'test_dataloader.dataset.data_prefix.video={toy["videos"]}',
        'train_dataloader.batch_size=2', 'val_dataloader.batch_size=2',
        'test_dataloader.batch_size=2',
        'train_dataloader.num_workers=0', 'val_dataloader.num_workers=0',
        'test_dataloader.num_workers=0',
        'train_dataloader.persistent_workers=False',
        'val_dataloader.persistent_workers=False',
        'test_dataloader.persistent_workers=False',
        'model.backbone.base_channels=4',
        'model.heads.temporal.in_channels=32',
        f'train_cfg.max_epochs={max_epochs}', 'train_cfg.val_interval=100',
        'default_hooks.logger.interval=1', 'randomness.seed=0'
    ]
    return ['--cfg-options', *options]


def run_tool(args, timeout=300, env=None, **kwargs):
    """Run a command from the repository root; returns CompletedProcess."""
    full_env = {**os.environ, 'OMP_NUM_THREADS': '1', **(env or {})}
    return subprocess.run(
        args, cwd=REPO_ROOT, env=full_env, capture_output=True, text=True,
        timeout=timeout, **kwargs)


def python_tool(name, *args, **kwargs):
    return run_tool([sys.executable, osp.join('tools', name), *args],
                    **kwargs)
