import hashlib
import os

import pytest
import torch

from mmssl.errors import CheckpointError
from mmssl.utils import download_checkpoint
from mmssl.utils.download import hash_prefix_of
from tests.checkpoint_server import CheckpointServer


@pytest.fixture
def server(tmp_path):
    root = tmp_path / 'served'
    root.mkdir()
    served = CheckpointServer(str(root))
    served.root = root
    yield served
    served.close()


def _publish(server, stem, value=1.0, wrong_hash=False):
    """Save a checkpoint under ``stem-<sha256 prefix>.pth``; its name."""
    tmp = server.root / 'tmp.pth'
    torch.save(dict(state_dict=dict(w=torch.full((4, ), value))), tmp)
    digest = hashlib.sha256(tmp.read_bytes()).hexdigest()
    prefix = ('0' * 8) if wrong_hash else digest[:8]
    name = f'{stem}-{prefix}.pth'
    tmp.rename(server.root / name)
    return name


def test_hash_prefix_of_names():
    assert hash_prefix_of('r3d18-1a2b3c4d.pth') == '1a2b3c4d'
    assert hash_prefix_of('model_best_resnet18.pth.tar') is None
    assert hash_prefix_of('x-abc.pth') is None


def test_download_progress_and_cache_hit(server, tmp_path, capsys):
    name = _publish(server, 'toy')
    path = download_checkpoint(server.url(name), cache_dir=str(tmp_path / 'c'))
    assert path == str(tmp_path / 'c' / name)
    assert 'downloading ' + name in capsys.readouterr().err
    assert download_checkpoint(
        server.url(name), cache_dir=str(tmp_path / 'c')) == path
    assert server.hits[f'/files/{name}'] == 1
    assert capsys.readouterr().err == ''


def test_hash_mismatch_is_refused_and_nothing_kept(server, tmp_path):
    name = _publish(server, 'toy', wrong_hash=True)
    with pytest.raises(
            CheckpointError, match='does not start with the '
            'prefix 00000000'):
        download_checkpoint(server.url(name), cache_dir=str(tmp_path / 'c'))
    assert os.listdir(tmp_path / 'c') == []


def test_truncated_transfer_is_refused(server, tmp_path):
    torch.save(dict(w=torch.zeros(4096)), server.root / 'big.pth')
    with pytest.raises(CheckpointError, match='download truncated'):
        download_checkpoint(
            server.url('big.pth', kind='truncated'),
            cache_dir=str(tmp_path / 'c'))
    assert os.listdir(tmp_path / 'c') == []


def test_redirect_keeps_the_requested_name(server, tmp_path):
    target = _publish(server, 'real')
    (server.root / 'alias-00000000.pth').write_bytes(b'unused')
    url = server.url(target, kind='redirect')
    path = download_checkpoint(url, cache_dir=str(tmp_path / 'c'))
    assert os.path.basename(path) == target
    assert torch.load(path, weights_only=True)['state_dict']['w'][0] == 1.0


def test_unreachable_url_is_one_line(tmp_path, server):
    with pytest.raises(CheckpointError, match='download failed'):
        download_checkpoint(
            server.url('missing.pth'), cache_dir=str(tmp_path / 'c'))
