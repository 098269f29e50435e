"""A short CPU pre-training on the toy dataset learns the pretext task.

Slow (about 3 minutes on 2 cores): ``pytest -m slow
tests/test_tools/test_pretext_learning.py``.
"""
import json
import os.path as osp

import pytest

from mmssl.datasets.toy import generate_toy_dataset
from tests.test_tools.toy_run import REPO_ROOT, python_tool

CONFIG = osp.join(REPO_ROOT, 'configs', 'transrank', 'r3d18_toy_rgbdiff.py')
NUM_CLIPS = 4  # 1x, 2x, 4x, 8x: chance is 25 %


def last_val_metrics(work_dir):
    scalars = sorted(work_dir.glob('*/vis_data/scalars.json'))[-1]
    records = [json.loads(line) for line in scalars.read_text().splitlines()]
    return [r for r in records if 'pretext/temporal/rank_acc' in r][-1]


@pytest.mark.slow
def test_toy_transrank_ranks_speeds_well_above_chance(tmp_path):
    toy = generate_toy_dataset(str(tmp_path / 'toy'), workers=2)
    work_dir = tmp_path / 'work'
    options = []
    for loader, split in (('train', 'train'), ('val', 'val'),
                          ('test', 'val')):
        options += [
            f'{loader}_dataloader.dataset.ann_file={toy[split]}',
            f'{loader}_dataloader.dataset.data_prefix.video={toy["videos"]}'
        ]
    result = python_tool(
        'train.py', CONFIG, '--work-dir', str(work_dir), '--cfg-options',
        *options, 'randomness.seed=0', timeout=1200,
        env=dict(OMP_NUM_THREADS='2'))
    assert result.returncode == 0, (result.stdout + result.stderr)[-3000:]
    metrics = last_val_metrics(work_dir)
    chance = 100 / NUM_CLIPS
    # Held-out videos: for each speed, the clip played at that speed scores
    # highest on it among the video's clips.
    assert metrics['pretext/temporal/rank_acc'] >= 2 * chance
    assert metrics['step'] == 12
