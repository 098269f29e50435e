"""tools/misc/publish_checkpoint.py: weights named by their hash."""
import hashlib
import os.path as osp

import pytest
import torch

from tests.test_tools.toy_run import python_tool

TOOL = osp.join('misc', 'publish_checkpoint.py')


def _training_checkpoint(path, weight, time):
    torch.save(
        dict(
            state_dict=dict(weight=weight),
            optimizer=dict(state={}, param_groups=[dict(lr=0.1)]),
            meta=dict(epoch=12, iter=300, seed=0, time=time,
                      experiment_name=f'run_{time}')), path)


def _publish(src, out_dir):
    result = python_tool(TOOL, str(src), str(out_dir))
    assert result.returncode == 0, result.stderr[-2000:]
    path, digest = result.stdout.split()[0], result.stdout.split()[-1]
    return path, digest


def test_same_weights_give_the_same_file(tmp_path):
    weight = torch.arange(6.).reshape(2, 3)
    for run, time in (('a', '20261204_101010'), ('b', '20261205_111111')):
        (tmp_path / run / 'r3d18_toy').mkdir(parents=True)
        _training_checkpoint(tmp_path / run / 'r3d18_toy' / 'epoch_12.pth',
                             weight, time)
    path_a, digest_a = _publish(tmp_path / 'a/r3d18_toy/epoch_12.pth',
                                tmp_path / 'pub_a')
    path_b, digest_b = _publish(tmp_path / 'b/r3d18_toy/epoch_12.pth',
                                tmp_path / 'pub_b')
    assert digest_a == digest_b
    assert osp.basename(path_a) == f'r3d18_toy-{digest_a[:8]}.pth'
    with open(path_a, 'rb') as f:
        assert hashlib.sha256(f.read()).hexdigest() == digest_a
    published = torch.load(path_a, weights_only=True)
    assert set(published) == {'state_dict', 'meta'}
    assert published['meta'] == dict(epoch=12, iter=300, seed=0)
    assert torch.equal(published['state_dict']['weight'], weight)

    _training_checkpoint(tmp_path / 'a/r3d18_toy/epoch_12.pth', weight + 1,
                         '20261204_101010')
    assert _publish(tmp_path / 'a/r3d18_toy/epoch_12.pth',
                    tmp_path / 'pub_a')[1] != digest_a


@pytest.mark.parametrize('content, expected', [
    (dict(weight=torch.ones(1)), 'expected a training checkpoint'),
    (None, 'not found'),
])
def test_refusals_are_one_line(tmp_path, content, expected):
    src = tmp_path / 'epoch_1.pth'
    if content is not None:
        torch.save(content, src)
    result = python_tool(TOOL, str(src), str(tmp_path / 'out'))
    errors = [line for line in result.stderr.splitlines()
              if line.startswith('error: ')]
    assert result.returncode == 1 and len(errors) == 1, result.stderr
    assert expected in errors[0]
