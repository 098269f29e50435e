"""Model-zoo checkpoints from URLs, end to end through the tools.

A local HTTP server (127.0.0.1) serves, under torch hub names
``name-<sha256 prefix>.pth``, a real checkpoint of the tiny toy TransRank
model (see ``tiny_overrides``) and a malicious pickle whose hash prefix is
correct, so it passes the download checks and only weights-only loading
stands between it and the user. Each tool run is a subprocess with its own
``TORCH_HOME``, whose ``hub/checkpoints`` is the download cache.
"""
import hashlib
import http.server
import os
import os.path as osp
import re
import subprocess
import sys
import threading
import time

import pytest
import torch
from mmengine.config import Config

from mmssl.registry import MODELS
from tests.checkpoint_server import CheckpointServer, malicious_checkpoint
from tests.test_tools.toy_run import (REPO_ROOT, TOY_CONFIG, python_tool,
                                      tiny_overrides)

RETRIEVAL_TOY = osp.join(REPO_ROOT, 'configs', 'benchmarks', 'retrieval',
                         'r3d18_toy_rgb.py')
DOWNLOAD_TOOL = osp.join('misc', 'download_checkpoint.py')
UNSAFE_ENV = dict(TORCH_FORCE_NO_WEIGHTS_ONLY_LOAD='1')


def _sha256(path) -> str:
    with open(path, 'rb') as file:
        return hashlib.sha256(file.read()).hexdigest()


def _publish(root, stem, path):
    """Rename ``path`` in ``root`` to ``stem-<sha256 prefix>.pth``."""
    name = f'{stem}-{_sha256(path)[:8]}.pth'
    os.rename(path, root / name)
    return name


@pytest.fixture(scope='module')
def zoo(tmp_path_factory):
    """The served files: ``good`` (the tiny toy model), ``evil`` (a
    malicious pickle, correct hash prefix) and ``bad_hash`` (the good bytes
    under a wrong prefix)."""
    root = tmp_path_factory.mktemp('served')
    cfg = Config.fromfile(TOY_CONFIG)
    cfg.model.backbone.base_channels = 4
    cfg.model.heads.temporal.in_channels = 32
    torch.manual_seed(0)
    state_dict = MODELS.build(cfg.model).state_dict()
    torch.save(dict(state_dict=state_dict), root / 'good.pth')
    (root / 'toy-00000000.pth').write_bytes((root / 'good.pth').read_bytes())
    marker = root / 'pwned.txt'
    malicious_checkpoint(str(root / 'evil.pth'), str(marker))
    server = CheckpointServer(str(root))
    yield dict(
        server=server,
        root=root,
        good=_publish(root, 'toy', root / 'good.pth'),
        evil=_publish(root, 'evil', root / 'evil.pth'),
        bad_hash='toy-00000000.pth',
        marker=marker,
        num_backbone_keys=sum(
            key.startswith('backbone.') for key in state_dict))
    server.close()


@pytest.fixture(scope='module')
def shared_torch_home(tmp_path_factory):
    """One torch home for the tests that download the good checkpoint: the
    first tool downloads it, the next is served from the cache."""
    return tmp_path_factory.mktemp('torch_home')


def _cache(torch_home) -> str:
    return osp.join(str(torch_home), 'hub', 'checkpoints')


def _cached_files(torch_home) -> list:
    cache = _cache(torch_home)
    return sorted(os.listdir(cache)) if osp.isdir(cache) else []


def _one_error_line(result) -> str:
    lines = [
        line for line in result.stderr.splitlines()
        if line.startswith('error: ')
    ]
    assert result.returncode == 1, result.stderr[-3000:]
    assert len(lines) == 1, result.stderr[-3000:]
    assert 'Traceback' not in result.stderr
    return lines[0]


def _retrieval_options(toy, checkpoint):
    options = [
        f'model.backbone_checkpoint={checkpoint}',
        'model.backbone.base_channels=4', 'test_evaluator.topk=[1,4]'
    ]
    for loader, split in (('test_dataloader', 'val'),
                          ('test_cfg.gallery_dataloader', 'train')):
        options += [
            f'{loader}.dataset.ann_file={toy[split]}',
            f'{loader}.dataset.data_prefix.video={toy["videos"]}',
            f'{loader}.num_workers=0', f'{loader}.persistent_workers=False'
        ]
    return ['--cfg-options', *options]


def _test_tool(config, *args, torch_home, unsafe=False):
    env = dict(TORCH_HOME=str(torch_home), **(UNSAFE_ENV if unsafe else {}))
    return python_tool('test.py', config, *args, env=env)


def test_test_tool_evaluates_a_url_checkpoint(zoo, tiny_toy_dataset,
                                              shared_torch_home, tmp_path):
    url = zoo['server'].url(zoo['good'])
    result = _test_tool(
        TOY_CONFIG,
        url,
        '--work-dir',
        str(tmp_path),
        *tiny_overrides(tiny_toy_dataset),
        torch_home=shared_torch_home)
    assert result.returncode == 0, result.stderr[-3000:]
    assert f'Load checkpoint from {url}' in result.stdout
    metrics = re.search(
        r'pretext/temporal/clip_acc: ([\d.]+)\s+'
        r'pretext/temporal/rank_acc: ([\d.]+)', result.stdout)
    assert metrics, result.stdout[-2000:]
    assert all(0 <= float(value) <= 100 for value in metrics.groups())
    assert _cached_files(shared_torch_home) == [zoo['good']]
    assert _sha256(osp.join(_cache(shared_torch_home), zoo['good'])) == \
        _sha256(zoo['root'] / zoo['good'])
    assert zoo['server'].hits[f'/files/{zoo["good"]}'] == 1


def test_backbone_checkpoint_url_for_retrieval(zoo, tiny_toy_dataset,
                                               shared_torch_home, tmp_path):
    url = zoo['server'].url(zoo['good'])
    result = _test_tool(
        RETRIEVAL_TOY,
        '--work-dir',
        str(tmp_path),
        *_retrieval_options(tiny_toy_dataset, url),
        torch_home=shared_torch_home)
    assert result.returncode == 0, result.stderr[-3000:]
    assert re.search(r'retrieval/rgb/R@1: [\d.]+\s+retrieval/rgb/R@4: '
                     r'100\.0000', result.stdout), result.stdout[-2000:]
    (log_file, ) = tmp_path.glob('*/*.log')
    count = zoo['num_backbone_keys']
    assert f'Loaded {count}/{count} backbone tensors of ResNet3d from {url}' \
        in log_file.read_text()
    assert _cached_files(shared_torch_home) == [zoo['good']]
    assert zoo['server'].hits[f'/files/{zoo["good"]}'] == 1


def test_malicious_checkpoint_with_a_correct_hash_is_refused(
        zoo, tiny_toy_dataset, tmp_path):
    """The download checks pass (the hash prefix is right); weights-only
    loading refuses the file in both tools, also from the cache."""
    url = zoo['server'].url(zoo['evil'])
    runs = [
        _test_tool(
            TOY_CONFIG,
            url,
            '--work-dir',
            str(tmp_path / 'test'),
            *tiny_overrides(tiny_toy_dataset),
            torch_home=tmp_path,
            unsafe=True),
        _test_tool(
            RETRIEVAL_TOY,
            '--work-dir',
            str(tmp_path / 'retrieval'),
            *_retrieval_options(tiny_toy_dataset, url),
            torch_home=tmp_path,
            unsafe=True)
    ]
    for result in runs:
        line = _one_error_line(result)
        assert f'{zoo["evil"]}: refused, it is not a weights-only ' \
            'checkpoint' in line
        assert 'SHA-256' not in line
        assert not zoo['marker'].exists()
    assert _cached_files(tmp_path) == [zoo['evil']]
    assert zoo['server'].hits[f'/files/{zoo["evil"]}'] == 1


def test_hash_mismatch_leaves_nothing_in_the_cache(zoo, tiny_toy_dataset,
                                                   tmp_path):
    path = f'/files/{zoo["bad_hash"]}'
    before = zoo['server'].hits[path]
    url = zoo['server'].url(zoo['bad_hash'])
    line = _one_error_line(
        _test_tool(
            TOY_CONFIG,
            url,
            '--work-dir',
            str(tmp_path),
            *tiny_overrides(tiny_toy_dataset),
            torch_home=tmp_path))
    assert 'does not start with the prefix 00000000' in line
    assert _cached_files(tmp_path) == []
    again = python_tool(DOWNLOAD_TOOL, url, '--cache-dir', _cache(tmp_path))
    assert 'does not start with the prefix 00000000' in _one_error_line(again)
    assert zoo['server'].hits[path] - before == 2
    assert _cached_files(tmp_path) == []


def test_truncated_download_is_fetched_again(zoo, tiny_toy_dataset, tmp_path):
    """The same file name from a connection that closes half-way, then from
    a good one: the second call downloads it whole."""
    line = _one_error_line(
        _test_tool(
            TOY_CONFIG,
            zoo['server'].url(zoo['good'], kind='truncated'),
            '--work-dir',
            str(tmp_path),
            *tiny_overrides(tiny_toy_dataset),
            torch_home=tmp_path))
    size = osp.getsize(zoo['root'] / zoo['good'])
    assert f'download truncated: got {size // 2} of {size} bytes' in line
    assert _cached_files(tmp_path) == []
    path = f'/files/{zoo["good"]}'
    before = zoo['server'].hits[path]
    again = python_tool(DOWNLOAD_TOOL, zoo['server'].url(zoo['good']),
                        '--cache-dir', _cache(tmp_path))
    assert again.returncode == 0, again.stderr[-2000:]
    assert f'downloading {zoo["good"]}' in again.stderr
    assert zoo['server'].hits[path] - before == 1
    assert _sha256(again.stdout.strip()) == _sha256(zoo['root'] / zoo['good'])


class _StallingHandler(http.server.BaseHTTPRequestHandler):
    """Sends the full ``Content-Length`` and half the bytes, then waits
    (at most 60 s) until the test releases it."""

    def log_message(self, *args):
        pass

    def do_GET(self):
        data = self.server.payload
        self.send_response(200)
        self.send_header('Content-Length', str(len(data)))
        self.end_headers()
        self.wfile.write(data[:len(data) // 2])
        self.wfile.flush()
        self.server.release.wait(60)


def test_killed_download_is_never_taken_as_complete(zoo, tmp_path):
    """``kill -9`` during a download leaves only a ``.partial`` file; the
    next call downloads the checkpoint whole."""
    stalling = http.server.ThreadingHTTPServer(('127.0.0.1', 0),
                                               _StallingHandler)
    stalling.payload = (zoo['root'] / zoo['good']).read_bytes()
    stalling.release = threading.Event()
    threading.Thread(target=stalling.serve_forever, daemon=True).start()
    host, port = stalling.server_address
    cache = tmp_path / 'cache'
    process = subprocess.Popen(
        [
            sys.executable,
            osp.join('tools', DOWNLOAD_TOOL),
            f'http://{host}:{port}/files/{zoo["good"]}', '--cache-dir',
            str(cache)
        ],
        cwd=REPO_ROOT,
        env={**os.environ, 'OMP_NUM_THREADS': '1'},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while not any(
                osp.getsize(path) for path in cache.glob('*.partial')):
            assert time.monotonic() < deadline, 'the download never started'
            assert process.poll() is None, 'the download tool exited'
            time.sleep(0.1)
        process.kill()
        process.wait(30)
    finally:
        if process.poll() is None:
            process.kill()
        stalling.release.set()
        stalling.shutdown()
        stalling.server_close()
    leftovers = os.listdir(cache)
    assert zoo['good'] not in leftovers
    assert len(leftovers) == 1 and leftovers[0].endswith('.partial')
    again = python_tool(DOWNLOAD_TOOL, zoo['server'].url(zoo['good']),
                        '--cache-dir', str(cache))
    assert again.returncode == 0, again.stderr[-2000:]
    assert _sha256(cache / zoo['good']) == _sha256(zoo['root'] / zoo['good'])
