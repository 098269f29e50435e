"""The machinery of tools/benchmarks/gpu_check.py, run on the CPU."""
import importlib.util
import json
import os
import os.path as osp
import signal
import time

import pytest
import torch

REPO_ROOT = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))
TOOL = osp.join(REPO_ROOT, 'tools', 'benchmarks', 'gpu_check.py')
TOY_CONFIG = 'configs/transrank/r3d18_toy.py'
# Small generated videos, one batch of 2 videos, the toy crop (pipeline step
# 3, MultiClipRandomResizedCrop) cut to 32 pixels.
TINY = [
    '--device', 'cpu', '--batch-size', '2', '--num-workers', '0',
    '--num-videos', '2', '--num-frames', '72', '--video-size', '64',
    '--prefetch', '1'
]
CROP = 'train_dataloader.dataset.pipeline.3.size=32'


@pytest.fixture(scope='module')
def gpu_check():
    spec = importlib.util.spec_from_file_location('gpu_check', TOOL)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def run(gpu_check, tmp_path, *args, cfg_options=()):
    out = str(tmp_path / 'gpu_check.json')
    cwd = os.getcwd()
    os.chdir(REPO_ROOT)
    try:
        status = gpu_check.main([
            *TINY, '--out', out, *args, '--cfg-options', CROP, *cfg_options
        ])
    finally:
        os.chdir(cwd)
    with open(out) as f:
        return status, json.load(f)


def test_cpu_run_reports_throughput_and_finite_loss(gpu_check, tmp_path,
                                                    capsys):
    status, report = run(gpu_check, tmp_path, '--configs', TOY_CONFIG,
                         '--iters', '1', '--warmup', '0')
    assert status == 0
    assert report['finished']
    (record, ) = report['results']
    assert record['error'] is None and record['skipped'] is None
    # 2 videos x 4 clips (1x, 2x, 4x, 8x) of 8 frames, cropped to 32.
    assert record['batch_size'] == 2
    assert record['clips_per_batch'] == 8
    assert record['clip_shape'] == [3, 8, 32, 32]
    fp32 = record['runs']['fp32']
    assert len(fp32['losses']) == 1
    assert fp32['loss_finite'] and 0 < fp32['losses'][0] < 100
    assert fp32['clips_per_s'] > 0
    assert fp32['clips_per_s'] * fp32['ms_per_iter'] / 1e3 == pytest.approx(8)
    assert fp32['peak_memory_mib'] is None
    assert record['runs']['amp'] == dict(skipped='AmpOptimWrapper needs CUDA')
    assert record['amp_speedup'] is None
    printed = capsys.readouterr().out
    assert f'| `{TOY_CONFIG}` | 2 x 4 | 3x8x32x32 | ' in printed
    assert '1 of 1 configs passed' in printed


def test_failures_are_recorded_and_fail_the_check(gpu_check, tmp_path):
    # An infinite lr makes the second step's loss non-finite; a missing
    # config fails to load; the check goes on and exits 1.
    status, report = run(gpu_check, tmp_path, '--configs', 'missing.py',
                         TOY_CONFIG, '--iters', '1', '--warmup', '1',
                         '--precisions', 'fp32',
                         cfg_options=['optim_wrapper.optimizer.lr=inf'])
    assert status == 1
    missing, toy = report['results']
    assert missing['error'].startswith('FileNotFoundError')
    assert missing['runs'] == {}
    losses = toy['runs']['fp32']['losses']
    assert len(losses) == 2
    assert torch.isfinite(torch.tensor(losses[0]))
    assert not torch.isfinite(torch.tensor(losses[1]))
    assert toy['runs']['fp32']['loss_finite'] is False
    assert 'amp' not in toy['runs']
    table = gpu_check.format_table(report['results'])
    assert table.count('| error |') == 1
    assert f'| `{TOY_CONFIG}` | 2 x 4 |' in table
    assert '- `missing.py`: FileNotFoundError' in table
    assert f'- `{TOY_CONFIG}`: fp32: non-finite loss' in table


def test_configs_after_the_time_budget_are_skipped(gpu_check, tmp_path):
    status, report = run(gpu_check, tmp_path, '--configs', TOY_CONFIG,
                         '--time-budget', '0')
    assert status == 1
    (record, ) = report['results']
    assert record['skipped'].startswith('the time budget of 0 s was spent')
    assert record['runs'] == {}


def test_time_limit_interrupts_a_slow_config(gpu_check):
    start = time.perf_counter()
    with pytest.raises(TimeoutError, match='longer than 0.2 s'):
        with gpu_check.time_limit(0.2):
            for _ in range(200):
                time.sleep(0.01)
    assert time.perf_counter() - start < 1.5
    with gpu_check.time_limit(5):
        pass


def test_time_limit_works_when_sigint_is_ignored(gpu_check):
    """A library that set SIGINT to SIG_IGN would make the interrupt a
    no-op; the limit installs Python's handler and restores the old one."""
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        with pytest.raises(TimeoutError, match='longer than 0.1 s'):
            with gpu_check.time_limit(0.1):
                for _ in range(200):
                    time.sleep(0.01)
        assert signal.getsignal(signal.SIGINT) is signal.SIG_IGN
    finally:
        signal.signal(signal.SIGINT, previous)


def test_count_clips(gpu_check):
    clip = (3, 8, 16, 16)
    assert gpu_check.count_clips([torch.zeros(4, *clip)] * 3) == 12
    assert gpu_check.count_clips(torch.zeros(2, 5, *clip)) == 10
    assert gpu_check.count_clips([torch.zeros(1, *clip)] * 16) == 16
    views = dict(rgb=torch.zeros(2, 3, *clip), diff=torch.zeros(2, 1, *clip))
    assert gpu_check.count_clips(views) == 8


def test_discovers_pretraining_configs_and_the_downstream_one(
        gpu_check, tmp_path):
    files = [
        'configs/_base_/models/r3d18.py', 'configs/newmethod/a.py',
        'configs/newmethod/_base_/base.py', 'configs/newmethod/a_toy.py',
        'configs/newmethod/variants/b.py', 'configs/newmethod/notes.md',
        'configs/benchmarks/finetune/r3d18_ucf101.py',
        'configs/benchmarks/linear/r3d18_ucf101.py'
    ]
    for name in files:
        os.makedirs(tmp_path / osp.dirname(name), exist_ok=True)
        (tmp_path / name).write_text('')
    assert gpu_check.discover_configs(str(tmp_path)) == [
        'configs/newmethod/a.py', 'configs/newmethod/variants/b.py',
        'configs/benchmarks/finetune/r3d18_ucf101.py'
    ]
    found = gpu_check.discover_configs()
    assert 'configs/transrank/r3d18_k200.py' in found
    assert not [path for path in found if 'toy' in path or '_base_' in path]
    assert all(osp.isfile(osp.join(REPO_ROOT, path)) for path in found)
