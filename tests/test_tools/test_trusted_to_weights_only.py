import argparse

import pytest
import torch

from mmssl.utils import safe_load
from tests.test_tools.toy_run import python_tool


def test_trusted_file_is_rewritten_weights_only(tmp_path):
    source = tmp_path / 'trusted.pth.tar'
    torch.save(
        dict(
            model={'conv.weight': torch.ones(2, 3)},
            args=argparse.Namespace(lr=0.1),
            epoch=3), source)
    with pytest.raises(Exception, match='refused'):
        safe_load(str(source))
    result = python_tool('model_converters/trusted_to_weights_only.py',
                         str(source), str(tmp_path / 'out.pth'),
                         '--i-trust-this-file')
    assert result.returncode == 0, result.stderr[-2000:]
    assert 'wrote 1 tensors' in result.stdout
    loaded = safe_load(str(tmp_path / 'out.pth'))
    assert loaded['state_dict']['conv.weight'].sum().item() == 6.0


def test_confirmation_is_required(tmp_path):
    source = tmp_path / 'x.pth'
    torch.save(dict(w=torch.ones(1)), source)
    result = python_tool('model_converters/trusted_to_weights_only.py',
                         str(source), str(tmp_path / 'out.pth'))
    assert result.returncode == 1
    assert result.stderr.strip().startswith(
        'error: refusing to unpickle without --i-trust-this-file')
    assert not (tmp_path / 'out.pth').exists()
