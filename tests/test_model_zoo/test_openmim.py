"""OpenMMLab's ``mim`` on an installed mmssl wheel (slow: installs openmim).

A throwaway virtual environment gets openmim from the package index and a
wheel of mmssl built from a copy of the checkout, whose first metafile
points the weights of its first two models at a local server (127.0.0.1):
a good checkpoint and a transfer that closes half-way. The environment
sees this one's packages through a ``.pth`` file, so nothing is installed
into it. Skips when openmim cannot be installed.
"""
import hashlib
import os.path as osp
import re
import shutil
import subprocess
import sys
import sysconfig

import pytest
import torch
import yaml
from mmengine.config import Config

from mmssl.errors import CheckpointError
from mmssl.utils import download_checkpoint, safe_load
from tests.checkpoint_server import CheckpointServer
from tests.conftest import REPO_ROOT
from tests.test_model_zoo.test_metafiles import zoo_table
from tests.test_model_zoo.test_mim_packaging import source_files

pytestmark = pytest.mark.slow


def _sha256(path) -> str:
    with open(path, 'rb') as file:
        return hashlib.sha256(file.read()).hexdigest()


def _run(args, **kwargs):
    return subprocess.run(
        [str(arg) for arg in args],
        capture_output=True,
        text=True,
        timeout=600,
        **kwargs)


@pytest.fixture(scope='module')
def served(tmp_path_factory):
    root = tmp_path_factory.mktemp('served')
    torch.save(
        dict(state_dict=dict(w=torch.arange(4096.))), root / 'tmp.pth')
    name = f'zoo-{_sha256(root / "tmp.pth")[:8]}.pth'
    (root / 'tmp.pth').rename(root / name)
    server = CheckpointServer(str(root))
    yield dict(server=server, root=root, name=name)
    server.close()


def _point_weights_at(source, served):
    """Give the first two models of the copy's first metafile served
    weights (good, then truncated); their names."""
    metafile = osp.join(source, zoo_table.metafiles(str(source))[0])
    content = zoo_table.read_yaml(metafile)
    good, truncated = content['Models'][:2]
    good['Weights'] = served['server'].url(served['name'])
    truncated['Weights'] = served['server'].url(
        served['name'], kind='truncated')
    with open(metafile, 'w') as file:
        yaml.safe_dump(content, file, sort_keys=False)
    return good, truncated


@pytest.fixture(scope='module')
def mim(tmp_path_factory, served):
    """``mim`` of a throwaway environment holding an mmssl wheel; the
    metafile entries whose weights are served."""
    root = tmp_path_factory.mktemp('mim')
    venv = root / 'venv'
    _run([sys.executable, '-m', 'venv', venv]).check_returncode()
    python = venv / 'bin' / 'python'
    site_dir = _run([
        python, '-c', 'import sysconfig; print(sysconfig.get_paths()'
        '["purelib"])'
    ]).stdout.strip()
    with open(osp.join(site_dir, 'mmssl_base_env.pth'), 'w') as file:
        file.write('import site; site.addsitedir('
                   f'{sysconfig.get_paths()["purelib"]!r})\n')
    install = _run([python, '-m', 'pip', 'install', '-q', 'openmim'])
    if install.returncode != 0:
        reason = (install.stderr.strip().splitlines() or ['no output'])[-1]
        pytest.skip(f'openmim cannot be installed here: {reason}')
    source = root / 'src'
    for path in source_files():
        (source / path).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(osp.join(REPO_ROOT, path), source / path)
    good, truncated = _point_weights_at(source, served)
    _run([
        sys.executable, '-m', 'pip', 'wheel', '--no-deps',
        '--no-build-isolation', '-q', '-w', root / 'dist', '.'
    ],
         cwd=source).check_returncode()
    (wheel, ) = (root / 'dist').glob('mmssl-*.whl')
    _run([
        python, '-m', 'pip', 'install', '-q', '--no-deps',
        '--ignore-installed', wheel
    ]).check_returncode()
    return dict(mim=venv / 'bin' / 'mim', good=good, truncated=truncated)


def test_mim_search_lists_every_model(mim, tmp_path):
    result = _run([mim['mim'], 'search', 'mmssl'], cwd=tmp_path)
    assert result.returncode == 0, result.stderr[-3000:]
    listed = re.findall(r'^config id: (\S+)$', result.stdout, re.MULTILINE)
    expected = [model['Name'] for model in zoo_table.load_models(REPO_ROOT)]
    assert sorted(listed) == sorted(expected)


def test_mim_download_fetches_weights_and_config(mim, served, tmp_path):
    name = mim['good']['Name']
    for _ in range(2):
        result = _run(
            [mim['mim'], 'download', 'mmssl', '--config', name, '--dest',
             tmp_path],
            cwd=tmp_path)
        assert result.returncode == 0, result.stderr[-3000:]
    assert served['server'].hits[f'/files/{served["name"]}'] == 1
    assert _sha256(tmp_path / served['name']) == \
        _sha256(served['root'] / served['name'])
    weights = safe_load(str(tmp_path / served['name']))['state_dict']['w']
    assert float(weights.sum()) == 4095 * 4096 / 2
    dumped = Config.fromfile(str(tmp_path / f'{name}.py'))
    original = Config.fromfile(osp.join(REPO_ROOT, mim['good']['Config']))
    assert dumped.default_scope == 'mmssl'
    assert dumped.model.to_dict() == original.model.to_dict()


def test_mim_run_uses_the_verified_download(mim, served, tmp_path):
    """``mim run mmssl download_checkpoint NAME`` runs the packaged
    ``tools/misc/download_checkpoint.py`` on the packaged model index."""
    cache = tmp_path / 'cache'
    result = _run([
        mim['mim'], 'run', 'mmssl', 'download_checkpoint',
        mim['good']['Name'], '--cache-dir', cache
    ],
                  cwd=tmp_path)
    assert result.returncode == 0, result.stderr[-3000:]
    assert str(cache / served['name']) in result.stdout
    assert _sha256(cache / served['name']) == \
        _sha256(served['root'] / served['name'])
    refused = _run([
        mim['mim'], 'run', 'mmssl', 'download_checkpoint',
        mim['truncated']['Name'], '--cache-dir', tmp_path / 'cache2'
    ],
                   cwd=tmp_path)
    assert refused.returncode != 0
    assert 'error: ' in refused.stderr
    assert 'download truncated' in refused.stderr
    assert not list((tmp_path / 'cache2').iterdir())


def test_mim_download_keeps_a_truncated_file(mim, served, tmp_path):
    """What the README says of ``mim download``: it writes straight to the
    destination without checking the size or the hash prefix, so a cut
    transfer stays as a complete-looking file. mmssl refuses to load it,
    and its own download refuses the same URL."""
    result = _run([
        mim['mim'], 'download', 'mmssl', '--config',
        mim['truncated']['Name'], '--dest', tmp_path
    ],
                  cwd=tmp_path)
    assert result.returncode == 0, result.stderr[-3000:]
    size = osp.getsize(served['root'] / served['name'])
    assert osp.getsize(tmp_path / served['name']) == size // 2
    with pytest.raises(CheckpointError, match='truncated or corrupt'):
        safe_load(str(tmp_path / served['name']))
    with pytest.raises(CheckpointError, match='download truncated'):
        download_checkpoint(
            mim['truncated']['Weights'], cache_dir=str(tmp_path / 'cache'))
