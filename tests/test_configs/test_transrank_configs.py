"""The pre-training configs of configs/transrank/: TransRank, TransCls,
-ST and RGBDiff variants."""
import glob
import os.path as osp

import numpy as np
import pytest
from mmengine.config import Config

from mmssl.registry import DATASETS, MODELS
from tests.conftest import REPO_ROOT

TRANSRANK = osp.join(REPO_ROOT, 'configs', 'transrank')
CONFIGS = sorted(glob.glob(osp.join(TRANSRANK, '*.py')))
TRANSCLS = [path for path in CONFIGS if osp.basename(path).startswith(
    'transcls_')]


def load(name):
    return Config.fromfile(osp.join(TRANSRANK, name))


def test_expected_configs_exist():
    names = {osp.basename(path) for path in CONFIGS}
    expected = {
        'r3d18_k200.py', 'r2plus1d18_k200.py', 'r3d18_ucf101.py',
        'c3d_ucf101.py', 'r3d18_k200_st.py', 'r3d18_k200_st_rgbdiff.py',
        'r3d18_toy.py', 'r3d18_toy_rgbdiff.py', 'transcls_r3d18_k200.py',
        'transcls_r3d18_k200_st.py', 'transcls_r3d18_ucf101.py',
        'transcls_r3d18_toy.py', 'transcls_r3d18_toy_rgbdiff.py',
        'transcls_r2plus1d18_k200.py', 'transcls_c3d_ucf101.py'
    }
    assert expected <= names


@pytest.mark.parametrize('path', CONFIGS, ids=osp.basename)
def test_config_builds_its_model(path):
    cfg = Config.fromfile(path)
    model = MODELS.build(cfg.model)
    assert set(model.heads) == set(cfg.val_evaluator.heads)


@pytest.mark.parametrize('path', TRANSCLS, ids=osp.basename)
def test_transcls_differs_from_transrank_only_by_the_loss(path):
    transcls = Config.fromfile(path).to_dict()
    transrank = load(osp.basename(path)[len('transcls_'):]).to_dict()
    for cfg in (transcls, transrank):
        for head in cfg['model']['heads'].values():
            head.pop('loss')
    assert transcls == transrank
    for head in Config.fromfile(path).model.heads.values():
        assert head.loss == dict(type='MultiClipCrossEntropyLoss')


def test_rgbdiff_configs_normalise_like_their_retrieval_configs():
    retrieval = Config.fromfile(
        osp.join(REPO_ROOT, 'configs', 'benchmarks', 'retrieval',
                 'r3d18_toy_rgbdiff.py'))
    for name in ('r3d18_toy_rgbdiff.py', 'r3d18_k200_st_rgbdiff.py'):
        preprocessor = load(name).model.data_preprocessor
        assert preprocessor.mean == retrieval.model.data_preprocessor.mean
        assert preprocessor.std == retrieval.model.data_preprocessor.std


@pytest.mark.parametrize('loader', ['train_dataloader', 'val_dataloader'])
def test_toy_rgbdiff_pipeline_gives_clip_len_differences(
        loader, tiny_toy_dataset):
    cfg = load('r3d18_toy_rgbdiff.py')
    rgb_cfg = load('r3d18_toy.py')
    dataset_cfg = cfg[loader].dataset
    dataset_cfg.update(
        ann_file=tiny_toy_dataset['train'],
        data_prefix=dict(video=tiny_toy_dataset['videos']))
    # The tiny videos are 32 px: crop to 24 px.
    for step in dataset_cfg.pipeline:
        if step['type'] == 'MultiClipRandomResizedCrop':
            step['size'] = 24
        if step['type'] == 'CenterCrop':
            step['crop_size'] = 24
    sample = DATASETS.build(dataset_cfg)[0]
    clips = sample['inputs'].numpy()
    assert clips.shape == (4, 3, rgb_cfg.clip_len, 24, 24)
    assert clips.dtype == np.uint8
    # uint8 differences: (d + 256) // 2, zero motion at 128.
    assert abs(float(np.median(clips)) - 128) <= 1
    assert sample['data_samples'].temporal_labels.tolist() == [0, 1, 2, 3]
