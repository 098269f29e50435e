"""The package layers: models and datasets never load the tool layer."""
import subprocess
import sys

import pytest

from tests.conftest import REPO_ROOT


@pytest.mark.parametrize(
    'package',
    ['mmssl.models', 'mmssl.datasets', 'mmssl.engine', 'mmssl.evaluation'])
def test_import_does_not_load_tool_layer(package):
    code = (f'import sys, {package}; '
            'print(sorted(m for m in sys.modules if m.startswith("mmssl.")))')
    result = subprocess.run([sys.executable, '-c', code],
                            cwd=REPO_ROOT,
                            capture_output=True,
                            text=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    loaded = eval(result.stdout.strip().splitlines()[-1])
    assert package in loaded
    assert not [m for m in loaded if m.startswith('mmssl.apis')], loaded


def test_safe_checkpoint_leaf_imports_no_other_layer():
    code = ('import sys, mmssl.utils.checkpoint; '
            'print(sorted(m for m in sys.modules if m.startswith("mmssl")))')
    result = subprocess.run([sys.executable, '-c', code],
                            cwd=REPO_ROOT,
                            capture_output=True,
                            text=True,
                            timeout=120)
    loaded = eval(result.stdout.strip().splitlines()[-1])
    allowed = {
        'mmssl', 'mmssl.errors', 'mmssl.version', 'mmssl.utils',
        'mmssl.utils.checkpoint', 'mmssl.utils.download',
        'mmssl.utils.setup_env'
    }
    assert set(loaded) <= allowed, sorted(set(loaded) - allowed)
