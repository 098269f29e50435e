"""No checkpoint can run code, through any tool, whatever torch's default.

A checkpoint whose unpickling would create a marker file is served from a
local HTTP server (127.0.0.1) and given to every tool and option that loads
weights, with ``TORCH_FORCE_NO_WEIGHTS_ONLY_LOAD=1`` set (the environment
that makes plain ``torch.load`` unsafe). Each run must stop with one line
saying the file was refused, and the marker must never appear.
"""
import os.path as osp

import pytest

from tests.checkpoint_server import CheckpointServer, malicious_checkpoint
from tests.test_tools.toy_run import (REPO_ROOT, TOY_CONFIG, python_tool,
                                      tiny_overrides)

BENCHMARKS = osp.join(REPO_ROOT, 'configs', 'benchmarks')
UNSAFE_ENV = dict(TORCH_FORCE_NO_WEIGHTS_ONLY_LOAD='1')


@pytest.fixture(scope='module')
def served(tmp_path_factory):
    root = tmp_path_factory.mktemp('served')
    marker = root / 'pwned.txt'
    malicious_checkpoint(str(root / 'evil.pth'), str(marker))
    server = CheckpointServer(str(root))
    yield dict(
        url=server.url('evil.pth'), path=str(root / 'evil.pth'), marker=marker)
    server.close()


def _assert_refused(result, served):
    lines = [
        line for line in result.stderr.splitlines()
        if line.startswith('error: ')
    ]
    assert result.returncode == 1, result.stderr[-3000:]
    assert len(lines) == 1 and 'refused' in lines[0], result.stderr[-3000:]
    assert 'Traceback' not in result.stderr
    assert 'weights_only=False' not in result.stderr
    assert not served['marker'].exists()


def _run(tool, *args, tmp_path):
    env = {**UNSAFE_ENV, 'TORCH_HOME': str(tmp_path / 'torch_home')}
    return python_tool(tool, *args, env=env)


@pytest.mark.parametrize('source', ['url', 'path'])
def test_test_tool_refuses(served, tiny_toy_dataset, tmp_path, source):
    result = _run(
        'test.py',
        TOY_CONFIG,
        served[source],
        '--work-dir',
        str(tmp_path),
        *tiny_overrides(tiny_toy_dataset),
        tmp_path=tmp_path)
    _assert_refused(result, served)


@pytest.mark.parametrize(
    'how', ['resume_url', 'load_from_url', 'last_checkpoint_url'])
def test_train_tool_refuses(served, tiny_toy_dataset, tmp_path, how):
    args = ['--work-dir', str(tmp_path)]
    options = tiny_overrides(tiny_toy_dataset)
    if how == 'resume_url':
        args += ['--resume', served['url']]
    elif how == 'load_from_url':
        options.append(f'load_from={served["url"]}')
    else:
        (tmp_path / 'last_checkpoint').write_text(served['url'])
        args.append('--resume')
    result = _run('train.py', TOY_CONFIG, *args, *options, tmp_path=tmp_path)
    _assert_refused(result, served)


def _toy_data_options(toy, loaders):
    options = []
    for loader, split in loaders:
        options += [
            f'{loader}.dataset.ann_file={toy[split]}',
            f'{loader}.dataset.data_prefix.video={toy["videos"]}',
            f'{loader}.num_workers=0', f'{loader}.persistent_workers=False'
        ]
    return options


def test_backbone_checkpoint_refused_by_retrieval(served, tiny_toy_dataset,
                                                  tmp_path):
    options = _toy_data_options(tiny_toy_dataset,
                                [('test_dataloader', 'val'),
                                 ('test_cfg.gallery_dataloader', 'train')])
    result = _run(
        'test.py',
        osp.join(BENCHMARKS, 'retrieval', 'r3d18_toy_rgb.py'),
        '--work-dir',
        str(tmp_path),
        '--cfg-options',
        f'model.backbone_checkpoint={served["url"]}',
        *options,
        tmp_path=tmp_path)
    _assert_refused(result, served)


def test_backbone_checkpoint_refused_by_finetuning(served, tiny_toy_dataset,
                                                   tmp_path):
    options = _toy_data_options(tiny_toy_dataset,
                                [('train_dataloader', 'train'),
                                 ('val_dataloader', 'val')])
    result = _run(
        'train.py',
        osp.join(BENCHMARKS, 'finetune', 'r3d18_toy.py'),
        '--work-dir',
        str(tmp_path),
        '--cfg-options',
        f'model.backbone_checkpoint={served["path"]}',
        *options,
        tmp_path=tmp_path)
    _assert_refused(result, served)


def test_speediness_tool_refuses(served, tmp_path):
    result = _run(
        osp.join('analysis', 'speediness.py'),
        osp.join(REPO_ROOT, 'configs', 'transrank', 'r3d18_toy_rgbdiff.py'),
        served['url'],
        '--out',
        str(tmp_path / 'out.png'),
        tmp_path=tmp_path)
    _assert_refused(result, served)


def test_retrieval_grid_refuses_a_malicious_feature_file(served, tmp_path):
    features = tmp_path / 'features'
    features.mkdir()
    for split in ('query', 'gallery'):
        malicious_checkpoint(
            str(features / f'{split}_rgb.pth'), str(served['marker']))
    result = _run(
        osp.join('analysis', 'retrieval_grid.py'),
        str(features),
        str(tmp_path / 'vis'),
        tmp_path=tmp_path)
    _assert_refused(result, served)
