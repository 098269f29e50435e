import importlib.util
import json
import os
import os.path as osp

import pytest

from mmssl.errors import InputFileError

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
    with pytest.raises(
            InputFileError, match='scalars.json:2: not a JSON line'):
        lr_sweep.read_metric_history(str(run_dir), 'acc/top1')


def test_scores_each_lr_by_its_last_value(lr_sweep):
    rows = [
        lr_sweep.summarize(0.01, [(5, 0.30), (10, 0.41)], 0),
        lr_sweep.summarize(0.02, [(5, 0.55), (10, 0.43)], 0),
        lr_sweep.summarize(0.04, [(5, 0.43)], 0),
        lr_sweep.summarize(0.08, [], 1),
    ]
    assert rows[1] == dict(lr=0.02, returncode=0, last=0.43, step=10)
    # 0.02 and 0.04 tie at 0.43 (0.02's epoch-5 peak does not count): the
    # lower lr wins.
    assert lr_sweep.select_best(rows)['lr'] == 0.02
    assert lr_sweep.select_best([rows[3]]) is None
    lines = lr_sweep.format_table(rows, 'acc/top1', 'test').splitlines()
    assert lines[2].split() == ['0.02*', '0.4300', 'ok']
    assert lines[4].split()[-3:] == ['failed', '(exit', '1)']
    assert lines[-1] == ('chosen: lr=0.02 (acc/top1=0.4300), selected on '
                         'the test split (as the TransRank appendix '
                         'reports; optimistic)')


def test_train_command_sets_lr_checkpoint_and_passes_arguments(lr_sweep):
    command = lr_sweep.train_command('cfg.py', 0.04, 'sweep/lr_0.04',
                                     'pre.pth', ['--seed', '0'],
                                     ['val_dataloader.dataset.ann_file=h.txt'])
    assert command[1:] == [
        lr_sweep.TRAIN_SCRIPT, 'cfg.py', '--work-dir', 'sweep/lr_0.04',
        '--seed', '0', '--cfg-options', 'optim_wrapper.optimizer.lr=0.04',
        'val_dataloader.dataset.ann_file=h.txt',
        'model.backbone_checkpoint=pre.pth'
    ]


def test_holdout_split_is_stratified_and_disjoint(lr_sweep, tmp_path):
    ann = tmp_path / 'train.txt'
    ann.write_text(''.join(f'c{i % 2}/v{i}.mp4 {i % 2}\n' for i in range(20)))
    train_part, holdout = lr_sweep.split_holdout(
        str(ann), str(tmp_path / 'a'), 0.1)
    kept = open(train_part).read().splitlines()
    held = open(holdout).read().splitlines()
    assert sorted(kept + held) == sorted(ann.read_text().splitlines())
    assert [line.split()[-1] for line in held] in (['0', '1'], ['1', '0'])
    again = lr_sweep.split_holdout(str(ann), str(tmp_path / 'b'), 0.1)
    assert open(again[1]).read().splitlines() == held


def _fake_training(calls, values):
    """A ``subprocess.call`` that logs ``values[run name]`` as the run's
    validation metric and records an ``epoch_1.pth`` as its last checkpoint,
    as MMEngine does."""

    def fake_train(command):
        calls.append(command)
        run_dir = command[command.index('--work-dir') + 1]
        write_log(run_dir, '20240101_000000',
                  val_records([values[osp.basename(run_dir)]]))
        with open(osp.join(run_dir, 'last_checkpoint'), 'w') as f:
            f.write(osp.join(run_dir, 'epoch_1.pth'))
        return 0

    return fake_train


def test_holdout_selection_then_final_run(lr_sweep, tmp_path, monkeypatch,
                                          capsys):
    ann = tmp_path / 'train.txt'
    ann.write_text(''.join(f'v{i}.mp4 {i % 5}\n' for i in range(20)))
    work_dir = str(tmp_path / 'sweep')
    calls = []
    monkeypatch.setattr(
        lr_sweep.subprocess, 'call',
        _fake_training(calls, {
            'lr_0.01': 0.3,
            'lr_0.02': 0.7,
            'lr_0.04': 0.5,
            'final_lr_0.02': 0.65
        }))
    returncode = lr_sweep.main([
        CONFIG, '--work-dir', work_dir, '--lrs', '0.01', '0.02', '0.04',
        '--seed', '0', '--cfg-options', f'train_dataloader.dataset.'
        f'ann_file={ann}'
    ])
    out = capsys.readouterr().out
    assert returncode == 0
    assert len(calls) == 4
    holdout = osp.join(work_dir, 'holdout', 'holdout.txt')
    assert all(f'val_dataloader.dataset.ann_file={holdout}' in command
               for command in calls[:3])
    assert not any(arg.startswith('val_dataloader') for arg in calls[3])
    assert 'selected on a held-out part of the training list' in out
    assert 'final: lr=0.02 on the full training list, last acc/top1=0.6500' \
        in out
    final_checkpoint = osp.join(work_dir, 'final_lr_0.02', 'epoch_1.pth')
    assert f'python tools/test.py {CONFIG} {final_checkpoint}' in out
    with open(osp.join(work_dir, 'lr_sweep.json')) as f:
        summary = json.load(f)
    assert summary['best']['lr'] == 0.02 and summary['final']['last'] == 0.65
    assert summary['checkpoint'] == final_checkpoint


def test_selection_on_the_test_split_is_labelled_and_not_retrained(
        lr_sweep, tmp_path, monkeypatch, capsys):
    work_dir = str(tmp_path / 'sweep')
    calls = []
    monkeypatch.setattr(
        lr_sweep.subprocess, 'call',
        _fake_training(calls, {
            'lr_0.01': 0.6,
            'lr_0.02': 0.4
        }))
    assert lr_sweep.main([
        CONFIG, '--work-dir', work_dir, '--lrs', '0.01', '0.02',
        '--select-on', 'test'
    ]) == 0
    out = capsys.readouterr().out
    # Two runs on the config's own lists: no held-out part, no final run.
    assert len(calls) == 2
    assert not any('holdout' in arg for command in calls for arg in command)
    assert 'chosen: lr=0.01 (acc/top1=0.6000), selected on the test split ' \
        '(as the TransRank appendix reports; optimistic)' in out
    with open(osp.join(work_dir, 'lr_sweep.json')) as f:
        summary = json.load(f)
    assert summary['selection'].startswith('selected on the test split')
    assert summary['final'] is None
    assert summary['checkpoint'] == osp.join(work_dir, 'lr_0.01',
                                             'epoch_1.pth')


def test_holdout_validates_next_to_the_training_videos(lr_sweep, tmp_path):
    """The held-out videos are training videos: the validation loader must
    read them from the training folder, whatever its data_prefix key."""
    ann = tmp_path / 'train.txt'
    ann.write_text(''.join(f'v{i} {i % 2}\n' for i in range(10)))
    config = osp.join(REPO_ROOT, 'configs', 'benchmarks', 'finetune',
                      'r3d18_sthv1.py')
    options = lr_sweep.holdout_options(
        config, str(tmp_path / 'sweep'), 0.2,
        ['--cfg-options', f'train_dataloader.dataset.ann_file={ann}',
         'train_dataloader.dataset.data_prefix.img=frames/train'])
    holdout = osp.join(str(tmp_path / 'sweep'), 'holdout')
    assert options == [
        f'train_dataloader.dataset.ann_file={holdout}/train.txt',
        f'val_dataloader.dataset.ann_file={holdout}/holdout.txt',
        'val_dataloader.dataset.data_prefix.img=frames/train'
    ]


def test_main_fails_when_a_run_fails(lr_sweep, tmp_path, monkeypatch):
    monkeypatch.setattr(lr_sweep.subprocess, 'call', lambda command: 1)
    assert lr_sweep.main([
        CONFIG, '--work-dir',
        str(tmp_path), '--lrs', '0.01', '--select-on', 'test'
    ]) == 1


def test_missing_pretrained_checkpoint_is_reported(lr_sweep, tmp_path, capsys):
    with pytest.raises(SystemExit):
        lr_sweep.main([
            CONFIG, '--work-dir',
            str(tmp_path), '--pretrained',
            str(tmp_path / 'missing.pth')
        ])
    assert 'missing.pth' in capsys.readouterr().err
