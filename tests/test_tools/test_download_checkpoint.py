"""tools/misc/download_checkpoint.py against a local server (127.0.0.1)."""
import hashlib
import os

import pytest
import torch

from tests.checkpoint_server import CheckpointServer, malicious_checkpoint
from tests.test_tools.toy_run import python_tool

TOOL = os.path.join('misc', 'download_checkpoint.py')


@pytest.fixture
def server(tmp_path):
    root = tmp_path / 'served'
    root.mkdir()
    served = CheckpointServer(str(root))
    served.root = root
    yield served
    served.close()


def _publish(root, stem, obj):
    tmp = root / 'tmp.pth'
    torch.save(obj, tmp)
    name = f'{stem}-{hashlib.sha256(tmp.read_bytes()).hexdigest()[:8]}.pth'
    tmp.rename(root / name)
    return name


def _index(tmp_path, name, url):
    (tmp_path / 'metafile.yml').write_text(
        f'Models:\n  - Name: {name}\n    Config: c.py\n    Weights: {url}\n'
        '  - Name: toy_only\n    Config: c.py\n    Weights: null\n')
    index = tmp_path / 'model-index.yml'
    index.write_text('Import:\n  - metafile.yml\n')
    return str(index)


def test_name_is_resolved_downloaded_and_cached(server, tmp_path):
    name = _publish(server.root, 'zoo', dict(state_dict=dict(
        w=torch.ones(2))))
    index = _index(tmp_path, 'zoo_model', server.url(name))
    cache = tmp_path / 'cache'
    for _ in range(2):
        result = python_tool(TOOL, 'zoo_model', '--cache-dir', str(cache),
                             '--model-index', index)
        assert result.returncode == 0, result.stderr[-2000:]
        assert result.stdout.strip() == str(cache / name)
    assert server.hits[f'/files/{name}'] == 1
    assert 'downloading' in python_tool(
        TOOL, server.url(name), '--cache-dir', str(tmp_path / 'c2'),
        '--model-index', index).stderr


@pytest.mark.parametrize('case, expected', [
    ('unknown', 'is neither a URL nor a model of'),
    ('toy_only', 'has no downloadable weights'),
    ('malicious', 'refused'),
])
def test_refusals_are_one_line(server, tmp_path, case, expected):
    marker = tmp_path / 'pwned.txt'
    evil = malicious_checkpoint(str(server.root / 'tmp.pth'), str(marker))
    digest = hashlib.sha256(open(evil, 'rb').read()).hexdigest()[:8]
    os.rename(evil, server.root / f'evil-{digest}.pth')
    index = _index(tmp_path, 'malicious',
                   server.url(f'evil-{digest}.pth'))
    result = python_tool(TOOL, case, '--cache-dir', str(tmp_path / 'c'),
                         '--model-index', index,
                         env=dict(TORCH_FORCE_NO_WEIGHTS_ONLY_LOAD='1'))
    errors = [line for line in result.stderr.splitlines()
              if line.startswith('error: ')]
    assert result.returncode == 1 and len(errors) == 1
    assert expected in errors[0]
    assert not marker.exists()


def _local_index(tmp_path, weights, reproduce):
    (tmp_path / 'metafile.yml').write_text(
        f'Models:\n  - Name: toy_model\n    Config: c.py\n'
        f'    Weights: {weights}\n    Reproduce: {reproduce}\n')
    index = tmp_path / 'model-index.yml'
    index.write_text('Import:\n  - metafile.yml\n')
    return str(index)


def test_local_weights_are_checked_where_they_lie(tmp_path):
    """A toy entry's file (hosted nowhere) is served from its path when its
    hash matches, refused when it was altered, and, when absent, the
    refusal names the command that writes it."""
    (tmp_path / 'work').mkdir()
    name = _publish(tmp_path / 'work', 'toy', dict(state_dict=dict(
        w=torch.ones(3))))
    index = _local_index(tmp_path, f'work/{name}', 'python train.py X')
    result = python_tool(TOOL, 'toy_model', '--model-index', index)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == str(tmp_path / 'work' / name)

    torch.save(dict(state_dict=dict(w=torch.zeros(3))),
               tmp_path / 'work' / name)
    result = python_tool(TOOL, 'toy_model', '--model-index', index)
    assert result.returncode == 1
    assert 'is not the published file' in result.stderr

    os.remove(tmp_path / 'work' / name)
    result = python_tool(TOOL, 'toy_model', '--model-index', index)
    errors = [line for line in result.stderr.splitlines()
              if line.startswith('error: ')]
    assert result.returncode == 1 and len(errors) == 1
    assert 'is not hosted' in errors[0]
    assert errors[0].endswith('written by: python train.py X')
