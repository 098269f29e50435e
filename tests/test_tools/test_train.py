"""tools/train.py, --resume and tools/dist_train.sh on the toy config."""
import json
import os
import os.path as osp
import signal
import socket
import subprocess
import sys
import time

import pytest
import torch
from mmengine.config import Config
from mmengine.runner import Runner

from tests.test_tools.toy_run import (REPO_ROOT, TOY_CONFIG, python_tool,
                                      run_tool, tiny_overrides)

ITERS_PER_EPOCH = 2  # 4 train videos, batch 2


def _checkpoint_iter(path):
    return torch.load(path, map_location='cpu', weights_only=True)['meta'][
        'iter']


def _free_port():
    with socket.socket() as sock:
        sock.bind(('127.0.0.1', 0))
        return sock.getsockname()[1]


def test_train_then_killed_run_resumes(tiny_toy_dataset, tmp_path):
    work_dir = tmp_path / 'work'
    args = [sys.executable, 'tools/train.py', TOY_CONFIG, '--work-dir',
            str(work_dir), *tiny_overrides(tiny_toy_dataset, max_epochs=3)]
    proc = subprocess.Popen(
        args, cwd=REPO_ROOT, stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL, env={'OMP_NUM_THREADS': '1',
                                        **__import__('os').environ})
    first = work_dir / 'epoch_1.pth'
    deadline = time.time() + 240
    while not (first.exists() and (work_dir / 'last_checkpoint').exists()):
        assert proc.poll() is None, 'training stopped before a checkpoint'
        assert time.time() < deadline, 'no checkpoint within 240 s'
        time.sleep(0.2)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert not (work_dir / 'epoch_3.pth').exists()
    last = (work_dir / 'last_checkpoint').read_text().strip()
    resumed_epoch = int(osp.basename(last)[len('epoch_'):-len('.pth')])

    result = python_tool('train.py', TOY_CONFIG, '--work-dir', str(work_dir),
                         '--resume', *tiny_overrides(tiny_toy_dataset, 3))
    assert result.returncode == 0, result.stderr[-3000:]
    log = result.stdout + result.stderr
    assert f'resumed epoch: {resumed_epoch}, iter: ' \
           f'{resumed_epoch * ITERS_PER_EPOCH}' in log
    assert _checkpoint_iter(work_dir / 'epoch_3.pth') == 3 * ITERS_PER_EPOCH

    # The optimizer state of the runner equals the checkpoint's.
    cfg = Config.fromfile(sorted(work_dir.glob('*/vis_data/config.py'))[-1])
    cfg.work_dir = str(tmp_path / 'reload')
    cfg.launcher = 'none'
    runner = Runner.from_cfg(cfg)
    runner.resume(str(work_dir / 'epoch_2.pth'))
    saved = torch.load(
        work_dir / 'epoch_2.pth', map_location='cpu',
        weights_only=True)['optimizer']
    state = runner.optim_wrapper.state_dict()
    assert runner.iter == 2 * ITERS_PER_EPOCH and runner.epoch == 2
    assert state['param_groups'][0]['lr'] == pytest.approx(
        saved['param_groups'][0]['lr'])
    assert len(state['state']) == len(saved['state']) > 0
    for key, buffers in saved['state'].items():
        torch.testing.assert_close(state['state'][key]['momentum_buffer'],
                                   buffers['momentum_buffer'])


def test_dist_train_two_cpu_processes(tiny_toy_dataset, tmp_path):
    work_dir = tmp_path / 'dist'
    result = run_tool(
        ['bash', 'tools/dist_train.sh', TOY_CONFIG, '2', '--work-dir',
         str(work_dir), *tiny_overrides(tiny_toy_dataset, max_epochs=1)],
        env=dict(PYTHON=sys.executable, PORT=str(_free_port())))
    assert result.returncode == 0, result.stderr[-3000:]
    log = result.stdout + result.stderr
    assert 'Distributed training: True' in log
    assert "dist_cfg: {'backend': 'gloo', 'timeout': 120}" in log
    # 4 videos over 2 processes with batch 2: one iteration per epoch.
    assert _checkpoint_iter(work_dir / 'epoch_1.pth') == 1
    scalars = [json.loads(line) for line in
               open(sorted(work_dir.glob('*/vis_data/scalars.json'))[-1])]
    assert any('loss' in entry for entry in scalars)


@pytest.mark.slow
def test_workers_end_when_the_launcher_is_killed(tiny_toy_dataset, tmp_path):
    psutil = pytest.importorskip('psutil')
    env = {**os.environ, 'OMP_NUM_THREADS': '1', 'PYTHON': sys.executable,
           'PORT': str(_free_port())}
    log = open(tmp_path / 'launcher.log', 'w')
    launcher = subprocess.Popen(
        ['bash', 'tools/dist_train.sh', TOY_CONFIG, '2', '--work-dir',
         str(tmp_path / 'work'),
         *tiny_overrides(tiny_toy_dataset, max_epochs=100000)],
        cwd=REPO_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.time() + 300
        # Training has started once the first checkpoint is recorded.
        while time.time() < deadline and launcher.poll() is None and \
                not osp.exists(tmp_path / 'work' / 'last_checkpoint'):
            time.sleep(0.5)
        tail = (tmp_path / 'launcher.log').read_text()[-2000:]
        assert launcher.poll() is None, f'launcher exited early:\n{tail}'
        workers = psutil.Process(launcher.pid).children(recursive=True)
        assert len(workers) >= 2, f'training did not start:\n{tail}'
        launcher.send_signal(signal.SIGKILL)
        launcher.wait(10)
        gone, alive = psutil.wait_procs(workers, timeout=60)
        assert not alive, f'{len(alive)} worker(s) still running'
    finally:
        log.close()
        for proc in psutil.Process().children(recursive=True):
            proc.kill()
