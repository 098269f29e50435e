import io
import os
import os.path as osp
import pickle

import numpy as np
import pytest
import torch
from mmengine.logging import HistoryBuffer, MessageHub
from mmengine.runner.checkpoint import _load_checkpoint

from mmssl.errors import CheckpointError, NonFiniteError
from mmssl.utils import (atomic_save, check_finite, enable_safe_checkpoints,
                         safe_load)
from tests.checkpoint_server import CheckpointServer, malicious_checkpoint


def _save(obj):
    buffer = io.BytesIO()
    torch.save(obj, buffer)
    buffer.seek(0)
    return buffer


def test_mmengine_checkpoint_content_loads_weights_only():
    enable_safe_checkpoints()
    hub = MessageHub.get_instance('test_checkpoint_hub')
    for value in (1.0, 2.0, 4.0):
        hub.update_scalar('train/loss', value)
    ckpt = dict(
        meta=dict(seed=np.int64(7), epoch=3, dtype=np.dtype('float32'),
                  array=np.arange(3)),
        message_hub=hub.state_dict(),
        state_dict=dict(weight=torch.ones(2)))
    loaded = torch.load(_save(ckpt), weights_only=True)
    assert loaded['meta']['seed'] == 7
    np.testing.assert_array_equal(loaded['meta']['array'], np.arange(3))
    buffer = loaded['message_hub']['log_scalars']['train/loss']
    assert isinstance(buffer, HistoryBuffer)
    assert buffer.mean() == pytest.approx(7 / 3)
    assert buffer.current() == 4.0


class _Payload:

    def __reduce__(self):
        return (print, ('pwned', ))


def test_arbitrary_callables_are_still_refused():
    enable_safe_checkpoints()
    with pytest.raises(pickle.UnpicklingError):
        torch.load(_save(dict(evil=_Payload())), weights_only=True)


@pytest.fixture
def server(tmp_path):
    root = tmp_path / 'served'
    root.mkdir()
    served = CheckpointServer(str(root))
    served.root = root
    yield served
    served.close()


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    hub = tmp_path / 'hub'
    monkeypatch.setattr(torch.hub, 'get_dir', lambda: str(hub))
    return hub / 'checkpoints'


@pytest.mark.parametrize('force_unsafe', [False, True])
@pytest.mark.parametrize('via',
                         ['local', 'url', 'mmengine_local', 'mmengine_url'])
def test_malicious_pickle_never_runs(tmp_path, server, cache_dir, monkeypatch,
                                     via, force_unsafe):
    if force_unsafe:
        monkeypatch.setenv('TORCH_FORCE_NO_WEIGHTS_ONLY_LOAD', '1')
    marker = tmp_path / 'pwned.txt'
    path = malicious_checkpoint(str(server.root / 'evil.pth'), str(marker))
    target = server.url('evil.pth') if via.endswith('url') else path
    load = _load_checkpoint if via.startswith('mmengine') else safe_load
    with pytest.raises(CheckpointError) as info:
        load(target)
    message = str(info.value)
    assert not marker.exists()
    assert message.startswith(target)
    assert 'refused' in message and 'open' in message
    assert 'trusted_to_weights_only.py' in message
    assert 'weights_only=False' not in message
    assert '\n' not in message


def test_url_is_cached_and_loaded_weights_only(server, cache_dir):
    torch.save(
        dict(state_dict=dict(w=torch.arange(3.))), server.root / 'good.pth')
    url = server.url('good.pth')
    first = safe_load(url)
    second = _load_checkpoint(url)
    assert first['state_dict']['w'].tolist() == [0., 1., 2.]
    assert second['state_dict']['w'].tolist() == [0., 1., 2.]
    assert server.hits['/files/good.pth'] == 1
    assert sorted(os.listdir(cache_dir)) == ['good.pth']


@pytest.mark.parametrize('content, match', [
    (b'', 'empty checkpoint file'),
    (b'not a zip at all', 'not a readable checkpoint'),
])
def test_unreadable_files_are_one_line_errors(tmp_path, content, match):
    path = tmp_path / 'bad.pth'
    path.write_bytes(content)
    with pytest.raises(CheckpointError, match=match):
        safe_load(str(path))


def test_truncated_checkpoint_is_one_line_error(tmp_path):
    path = tmp_path / 'cut.pth'
    torch.save(dict(w=torch.zeros(1000)), path)
    path.write_bytes(path.read_bytes()[:2000])
    with pytest.raises(
            CheckpointError,
            match='cut.pth: not a readable checkpoint, truncated'):
        safe_load(str(path))


def test_missing_file_is_named(tmp_path):
    with pytest.raises(FileNotFoundError, match="not found: .*nope.pth"):
        safe_load(str(tmp_path / 'nope.pth'))


def test_check_finite_names_the_first_bad_tensor():
    check_finite(dict(a=torch.ones(2), step=torch.tensor(3)), 'x.pth')
    with pytest.raises(
            NonFiniteError, match=r'x.pth: 2 tensor\(s\) .* first "b"'):
        check_finite(
            dict(
                a=torch.ones(2),
                b=torch.tensor([float('nan')]),
                c=torch.tensor([float('inf')])), 'x.pth')


def test_atomic_save_keeps_the_old_file_when_writing_fails(
        tmp_path, monkeypatch):
    path = tmp_path / 'epoch_1.pth'
    atomic_save(dict(v=torch.ones(1)), str(path))

    def fail(obj, file, *args, **kwargs):
        file.write(b'partial')
        raise OSError(28, 'No space left on device')

    monkeypatch.setattr(torch, 'save', fail)
    with pytest.raises(OSError, match='No space left'):
        atomic_save(dict(v=torch.zeros(1)), str(path))
    monkeypatch.undo()
    assert sorted(os.listdir(tmp_path)) == ['epoch_1.pth']
    assert safe_load(str(path))['v'].item() == 1.0
    assert not osp.exists(str(path) + '.tmp')
