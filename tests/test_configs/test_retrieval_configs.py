import glob
import json
import os.path as osp

import pytest
from mmengine.config import Config

from mmssl.models.algorithms import VideoFeatureExtractor
from mmssl.registry import MODELS
from tests.test_tools.toy_run import REPO_ROOT, python_tool

RETRIEVAL = osp.join(REPO_ROOT, 'configs', 'benchmarks', 'retrieval')
CONFIGS = sorted(glob.glob(osp.join(RETRIEVAL, '*.py')))


@pytest.mark.parametrize('path', CONFIGS, ids=osp.basename)
def test_retrieval_config_builds(path):
    cfg = Config.fromfile(path)
    assert isinstance(MODELS.build(cfg.model), VideoFeatureExtractor)
    assert cfg.test_cfg.type == 'RetrievalTestLoop'
    assert cfg.test_cfg.gallery_dataloader.dataset.ann_file != \
        cfg.test_dataloader.dataset.ann_file


def toy_retrieval(config, toy, work_dir, *topk_keys):
    """Run a toy retrieval config on ``toy`` with R@1, 2, 4 (the gallery has
    4 videos) set at ``topk_keys``; returns its metrics."""
    result = python_tool(
        'test.py', osp.join(RETRIEVAL, config), '--work-dir', str(work_dir),
        '--cfg-options', f'test_dataloader.dataset.ann_file={toy["val"]}',
        f'test_dataloader.dataset.data_prefix.video={toy["videos"]}',
        f'test_cfg.gallery_dataloader.dataset.ann_file={toy["train"]}',
        f'test_cfg.gallery_dataloader.dataset.data_prefix.video='
        f'{toy["videos"]}', 'test_dataloader.num_workers=0',
        'test_cfg.gallery_dataloader.num_workers=0',
        *(f'{key}=[1,2,4]' for key in topk_keys))
    assert result.returncode == 0, result.stderr[-3000:]
    return json.load(open(sorted(work_dir.glob('*/*.json'))[-1]))


def test_toy_retrieval_end_to_end(tiny_toy_dataset, tmp_path):
    metrics = toy_retrieval('r3d18_toy_rgb.py', tiny_toy_dataset, tmp_path,
                            'test_evaluator.topk')
    assert set(metrics) >= {f'retrieval/rgb/R@{k}' for k in (1, 2, 4)}
    # 2 queries over a gallery of 4 videos of 4 classes: R@k is 0, 50 or
    # 100 percent, and at k = 4 the whole gallery is retrieved.
    assert metrics['retrieval/rgb/R@4'] == 100.0
    assert all(value in (0.0, 50.0, 100.0) for value in metrics.values()
               if isinstance(value, float))
    assert osp.exists(tmp_path / 'features' / 'query_rgb.pth') or \
        glob.glob(str(tmp_path / '**' / '*rgb*.pth'), recursive=True)


def test_toy_rgbdiff_retrieval_fuses_with_the_rgb_features(
        tiny_toy_dataset, tmp_path):
    toy_retrieval('r3d18_toy_rgb.py', tiny_toy_dataset, tmp_path,
                  'test_evaluator.topk')
    metrics = toy_retrieval('r3d18_toy_fused.py', tiny_toy_dataset, tmp_path,
                            'test_evaluator.0.topk', 'test_evaluator.1.topk')
    for modality in ('rgbdiff', 'rgb+rgbdiff'):
        assert {f'retrieval/{modality}/R@{k}'
                for k in (1, 2, 4)} <= set(metrics)
        assert metrics[f'retrieval/{modality}/R@4'] == 100.0
    assert (tmp_path / 'features' / 'query_rgbdiff.pth').exists()


@pytest.mark.parametrize('data', ['toy', 'ucf101'])
@pytest.mark.parametrize('modality', ['rgb', 'rgbdiff'])
def test_retrieval_during_pretraining_is_the_retrieval_benchmark(
        data, modality):
    """configs/_base_/datasets/pretrain/retrieval_val.py validates with the
    clips, lists, pooling and R@k of the dataset's retrieval benchmark."""
    loop = Config.fromfile(
        osp.join(REPO_ROOT, 'configs', '_base_', 'datasets', 'pretrain',
                 'retrieval_val.py')).retrieval_val[data][modality]
    benchmark = Config.fromfile(
        osp.join(RETRIEVAL, f'r3d18_{data}_{modality}.py'))
    assert loop.type == 'RetrievalValLoop' and loop.modality == modality
    assert loop.spatial_pool == benchmark.model.spatial_pool
    assert loop.topk == ((1, 5, 10) if data == 'toy' else (1, 5, 10, 20, 50))
    for split, reference in (('query', benchmark.test_dataloader),
                             ('gallery',
                              benchmark.test_cfg.gallery_dataloader)):
        dataset = loop[f'{split}_dataloader'].dataset
        assert dataset.test_mode
        for key in ('ann_file', 'data_prefix', 'pipeline'):
            assert dataset[key] == reference.dataset[key], (split, key)
