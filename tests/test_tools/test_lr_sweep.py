import importlib.util
import json
import os
import os.path as osp

import pytest

REPO_ROOT = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))
TOOL = osp.join(REPO_ROOT, 'tools', 'lr_sweep.py')
CONFIG = osp.join(REPO_ROOT, 'configs', 'benchmarks', 'finetune',
                  'r3d18_toy.py')


@pytest.fixture(scope='module')
def lr_sweep():
    spec = importlib.util.spec_from_file_location('lr_sweep', TOOL)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def write_log(run_dir, timestamp, records):
    """A fake MMEngine run: ``<timestamp>/vis_data/scalars.json``."""
    vis_dir = osp.join(run_dir, timestamp, 'vis_data')
    os.makedirs(vis_dir, exist_ok=True)
    with open(osp.join(vis_dir, 'scalars.json'), 'w') as f:
        for record in records:
            f.write(json.dumps(record) + '\n')


def val_records(values, every=5):
    """Training lines interleaved with validation lines at every 5th epoch."""
    records = []
    for index, value in enumerate(values, 1):
        records.append(dict(loss=1.0 / index, step=index * 100))
        records.append({
            'acc/top1': value,
            'acc/top5': 1.0,
            'step': index * every
        })
    return records


def test_reads_the_metric_of_the_latest_run(lr_sweep, tmp_path):
    run_dir = str(tmp_path / 'lr_0.01')
    write_log(run_dir, '20240101_000000', val_records([0.9, 0.95]))
    write_log(run_dir, '20240102_000000', val_records([0.2, 0.5, 0.4]))
    write_log(run_dir, '20240103_000000', [dict(loss=1.0, step=1)])
    assert lr_sweep.read_metric_history(run_dir, 'acc/top1') == [(5, 0.2),
                                                                 (10, 0.5),
                                                                 (15, 0.4)]
    assert lr_sweep.read_metric_history(str(tmp_path / 'none'),
                                        'acc/top1') == []


def test_broken_log_line_names_the_file(lr_sweep, tmp_path):
    run_dir = tmp_path / 'lr_0.01'
    write_log(str(run_dir), '20240101_000000', [])
    log = run_dir / '20240101_000000' / 'vis_data' / 'scalars.json'
    log.write_text('{"acc/top1": 0.5, "step": 5}\n{"acc/top1": 0.\n')
    with pytest.raises(ValueError, match='scalars.json:2: not a JSON line'):
        lr_sweep.read_metric_history(str(run_dir), 'acc/top1')


def test_selects_the_best_validation_value(lr_sweep):
    rows = [
        lr_sweep.summarize(0.01, [(5, 0.30), (10, 0.41)], 0),
        lr_sweep.summarize(0.02, [(5, 0.45), (10, 0.43)], 0),
        lr_sweep.summarize(0.04, [(5, 0.45)], 0),
        lr_sweep.summarize(0.08, [], 1),
    ]
    assert rows[1] == dict(
        lr=0.02, returncode=0, best=0.45, best_step=5, last=0.43)
    # 0.02 and 0.04 tie at 0.45: the lower lr wins.
    assert lr_sweep.select_best(rows)['lr'] == 0.02
    assert lr_sweep.select_best([rows[3]]) is None
    table = lr_sweep.format_table(rows, 'acc/top1')
    lines = table.splitlines()
    assert lines[2].split() == ['0.02*', '0.4500', '5', '0.4300', 'ok']
    assert lines[4].split()[-3:] == ['failed', '(exit', '1)']
    assert lines[-1] == 'best: lr=0.02 with acc/top1=0.4500 at step 5'


def test_train_command_sets_lr_checkpoint_and_passes_arguments(lr_sweep):
    command = lr_sweep.train_command(
        'cfg.py', 0.04, 'sweep', 'pre.pth',
        ['--seed', '0', '--cfg-options', 'train_cfg.max_epochs=2'])
    assert command[1:] == [
        lr_sweep.TRAIN_SCRIPT, 'cfg.py', '--work-dir',
        osp.join('sweep', 'lr_0.04'), '--seed', '0', '--cfg-options',
        'train_cfg.max_epochs=2', '--cfg-options',
        'optim_wrapper.optimizer.lr=0.04', 'model.backbone_checkpoint=pre.pth'
    ]


def test_main_runs_every_lr_and_reports_the_best(lr_sweep, tmp_path,
                                                 monkeypatch, capsys):
    work_dir = str(tmp_path / 'sweep')
    final_top1 = {'0.01': 0.3, '0.02': 0.7, '0.04': 0.5}
    calls = []

    def fake_train(command):
        calls.append(command)
        run_dir = command[command.index('--work-dir') + 1]
        lr = osp.basename(run_dir)[len('lr_'):]
        write_log(run_dir, '20240101_000000', val_records([final_top1[lr]]))
        return 0

    monkeypatch.setattr(lr_sweep.subprocess, 'call', fake_train)
    returncode = lr_sweep.main([
        CONFIG, '--work-dir', work_dir, '--lrs', '0.01', '0.02', '0.04',
        '--seed', '0'
    ])
    assert returncode == 0
    assert len(calls) == 3
    assert all('--seed' in command for command in calls)
    assert 'best: lr=0.02 with acc/top1=0.7000' in capsys.readouterr().out
    with open(osp.join(work_dir, 'lr_sweep.json')) as f:
        summary = json.load(f)
    assert summary['best']['lr'] == 0.02
    assert [run['best'] for run in summary['runs']] == [0.3, 0.7, 0.5]

    # Summarising again reads the same logs without training.
    calls.clear()
    assert lr_sweep.main([
        CONFIG, '--work-dir', work_dir, '--lrs', '0.01', '0.02', '0.04',
        '--summarize-only'
    ]) == 0
    assert calls == []


def test_main_fails_when_a_run_fails(lr_sweep, tmp_path, monkeypatch):
    monkeypatch.setattr(lr_sweep.subprocess, 'call', lambda command: 1)
    assert lr_sweep.main(
        [CONFIG, '--work-dir',
         str(tmp_path), '--lrs', '0.01']) == 1


def test_missing_pretrained_checkpoint_is_reported(lr_sweep, tmp_path, capsys):
    with pytest.raises(SystemExit):
        lr_sweep.main([
            CONFIG, '--work-dir',
            str(tmp_path), '--pretrained',
            str(tmp_path / 'missing.pth')
        ])
    assert 'missing.pth' in capsys.readouterr().err
