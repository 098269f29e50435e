"""A wheel of mmssl carries configs, tools and model-index.yml in
``mmssl/.mim``, where OpenMMLab's mim looks for them."""
import os
import shutil
import subprocess
import sys
import zipfile

import yaml

from tests.conftest import REPO_ROOT


def source_files():
    """The repository's files as a checkout has them (tests left out)."""
    listed = subprocess.run(
        ['git', 'ls-files', '--cached', '--others', '--exclude-standard'],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        check=True).stdout
    return [
        path for path in listed.splitlines() if not path.startswith('tests/')
        and os.path.isfile(os.path.join(REPO_ROOT, path))
    ]


def test_wheel_ships_the_mim_folder(tmp_path):
    source = tmp_path / 'src'
    for path in source_files():
        (source / path).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(os.path.join(REPO_ROOT, path), source / path)
    result = subprocess.run([
        sys.executable, '-m', 'pip', 'wheel', '--no-deps',
        '--no-build-isolation', '-q', '-w',
        str(tmp_path / 'dist'), '.'
    ],
                            cwd=source,
                            capture_output=True,
                            text=True,
                            timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    (wheel, ) = (tmp_path / 'dist').glob('mmssl-*.whl')
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        index = yaml.safe_load(archive.read('mmssl/.mim/model-index.yml'))
        for metafile in index['Import']:
            models = yaml.safe_load(archive.read(f'mmssl/.mim/{metafile}'))
            for model in models['Models']:
                assert f'mmssl/.mim/{model["Config"]}' in names
    assert 'mmssl/.mim/configs/_base_/models/r3d18_hara.py' in names
    assert 'mmssl/.mim/tools/train.py' in names
    assert 'mmssl/.mim/tools/model_converters/rspnet_to_mmssl.py' in names
    assert not [name for name in names if name.startswith('tests/')]
    assert not [name for name in names if '__pycache__' in name]
