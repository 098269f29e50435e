import importlib.util
import os.path as osp
import re

import pytest

REPO_ROOT = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))
TOOL = osp.join(REPO_ROOT, 'tools', 'benchmarks', 'concepts_step.py')


def test_prints_both_timings_and_their_ratio(capsys):
    spec = importlib.util.spec_from_file_location('concepts_step', TOOL)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.main([
        '--base-channels', '4', '--clip-len', '4', '--size', '16',
        '--concepts', '6', '--queue-size', '16', '--iters', '2', '--warmup',
        '0'
    ])
    printed = capsys.readouterr().out
    times = {
        name: float(ms)
        for name, ms in re.findall(r'(\w+): median\s+([\d.]+) ms', printed)
    }
    assert set(times) == {'concepts', 'backbone'}
    ratio = float(re.search(r'ratio concepts / backbone: ([\d.]+)',
                            printed).group(1))
    assert min(times.values()) > 0
    assert ratio == pytest.approx(
        times['concepts'] / times['backbone'], rel=0.05)
