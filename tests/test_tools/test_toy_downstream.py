"""tools/benchmarks/toy_downstream.py: the table of every protocol on the
toy data, random init vs pre-trained."""
import json
import os.path as osp
import sys

import torch
import torch.nn.functional as F
from mmengine.config import Config

from mmssl.registry import MODELS
from tests.test_tools.toy_run import REPO_ROOT, run_tool

SCRIPT = osp.join(REPO_ROOT, 'tools', 'benchmarks', 'toy_downstream.py')
RETRIEVAL = 'Retrieval R@1'


def toy_checkpoint(path):
    cfg = Config.fromfile(
        osp.join(REPO_ROOT, 'configs', 'transrank', 'r3d18_toy.py'))
    torch.manual_seed(0)
    model = MODELS.build(cfg.model)
    torch.save(dict(state_dict=model.state_dict()), path)
    return path


def nearest_neighbour_r1(feature_dir):
    """R@1 (percent) by brute force from a run's saved rgb features."""
    query, gallery = (torch.load(
        osp.join(feature_dir, f'{split}_rgb.pth'), weights_only=True)
                      for split in ('query', 'gallery'))
    similarity = F.normalize(query['features'], dim=1) @ F.normalize(
        gallery['features'], dim=1).T
    nearest = gallery['labels'][similarity.argmax(dim=1)]
    return 100.0 * (nearest == query['labels']).float().mean().item()


def test_table_of_random_init_and_a_checkpoint(tiny_toy_dataset, tmp_path):
    data_root = osp.dirname(tiny_toy_dataset['train'])
    checkpoint = toy_checkpoint(str(tmp_path / 'pretrain.pth'))
    work_dir = tmp_path / 'work'
    command = [
        sys.executable, SCRIPT, '--data', data_root, '--work-dir',
        str(work_dir), '--rgb', f'TransRank={checkpoint}', '--protocols',
        RETRIEVAL, '--cfg-options', 'test_evaluator.topk=[1,2,4]',
        'test_dataloader.num_workers=0',
        'test_cfg.gallery_dataloader.num_workers=0'
    ]
    result = run_tool(command, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.count(' ...') == 2  # one run per row
    lines = result.stdout.strip().splitlines()[-4:]
    assert lines[0] == f'| backbone | {RETRIEVAL} |'
    assert lines[2].startswith('| random init (RGB) | ')
    assert lines[3].startswith('| TransRank (RGB) | ')
    metrics = json.loads((work_dir / 'metrics.json').read_text())
    for row, line in zip(('random init (RGB)', 'TransRank (RGB)'), lines[2:]):
        recall = metrics[row][RETRIEVAL]['retrieval/rgb/R@1']
        features = work_dir / 'retrieval_rgb' / row.split(' (')[0].replace(
            ' ', '_') / 'test' / 'features'
        assert recall == nearest_neighbour_r1(str(features))
        assert line.endswith(f' {recall:.1f} |')
    assert (work_dir / 'table.md').read_text().strip().splitlines() == lines
    # A second call reuses the finished runs.
    again = run_tool(command, timeout=600)
    assert again.returncode == 0 and ' ...' not in again.stdout
    assert again.stdout.strip().splitlines()[-4:] == lines


def test_bad_checkpoint_argument_is_one_line(tmp_path):
    result = run_tool([sys.executable, SCRIPT, '--rgb', 'TransRank'])
    assert result.returncode != 0
    assert result.stderr.strip() == (
        "error: --rgb 'TransRank': expected NAME=CHECKPOINT")
    result = run_tool(
        [sys.executable, SCRIPT, '--rgb', f'X={tmp_path / "missing.pth"}'])
    assert result.stderr.strip() == (
        f'error: --rgb X: checkpoint {tmp_path / "missing.pth"} not found')
