"""The pre-training configs of configs/rspnet/."""
import glob
import os.path as osp

import numpy as np
import pytest
from mmengine.config import Config

from mmssl.apis import check_config
from mmssl.registry import DATASETS, MODELS
from tests.conftest import REPO_ROOT

RSPNET = osp.join(REPO_ROOT, 'configs', 'rspnet')
CONFIGS = sorted(glob.glob(osp.join(RSPNET, '*.py')))
FULL_SCALE = [
    f'{backbone}_{data}.py' for backbone in ('r3d18', 'c3d', 'r2plus1d18')
    for data in ('k400', 'ucf101')
]


def load(name):
    return Config.fromfile(osp.join(RSPNET, name))


def test_expected_configs_exist():
    names = {osp.basename(path) for path in CONFIGS}
    assert set(FULL_SCALE) | {'r3d18_toy.py', 'r3d18_toy_rgbdiff.py'} <= names


@pytest.mark.parametrize('path', CONFIGS, ids=osp.basename)
def test_config_passes_the_checks_and_builds_its_model(path):
    cfg = Config.fromfile(path)
    check_config(cfg, path)
    model = MODELS.build(cfg.model)
    assert set(model.heads) == set(cfg.val_evaluator.heads) == {'rsp', 'avid'}
    name = osp.basename(path)
    feat_dim = 64 if 'toy' in name else 4096 if name.startswith('c3d_') \
        else 512
    for head in model.heads.values():
        assert head.projection.in_channels == feat_dim


@pytest.mark.parametrize('name', FULL_SCALE)
def test_full_scale_configs_follow_the_paper(name):
    cfg = load(name)
    lr = 0.05 if name.startswith('r2plus1d18') else 0.1
    assert cfg.optim_wrapper.optimizer == dict(
        type='SGD', lr=lr, momentum=0.9, weight_decay=1e-4)
    assert cfg.train_cfg.max_epochs == 200
    assert cfg.param_scheduler == [
        dict(type='CosineAnnealingLR', T_max=200, eta_min_ratio=1e-3,
             by_epoch=True, begin=0, end=200)
    ]
    assert cfg.train_dataloader.batch_size * 8 == 64
    heads = cfg.model.heads
    assert cfg.model.momentum == 0.999
    assert heads.rsp.loss.margin == 2.0 and heads.rsp.loss.temperature == 0.07
    assert heads.avid.loss.temperature == 0.07
    assert heads.avid.queue_size == 16384
    assert heads.avid.enqueue == 'other_rate'
    assert heads.rsp.projection.out_channels == 128
    sampler = cfg.train_dataloader.dataset.pipeline[1]
    assert sampler.clip_len == 16 and sampler.assign == 'relative_speed'
    assert [t['rate'] for t in sampler.transforms] == [1, 2]
    data = 'kinetics400' if name.endswith('k400.py') else 'ucf101'
    assert data in cfg.train_dataloader.dataset.ann_file


@pytest.mark.parametrize('name', ['r3d18_toy.py', 'r3d18_toy_rgbdiff.py'])
def test_toy_pipelines_give_query_positive_and_negative(name,
                                                        tiny_toy_dataset):
    cfg = load(name)
    for loader in ('train_dataloader', 'val_dataloader'):
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
        assert sample['inputs'].shape == (3, 3, 8, 24, 24)
        rates = sample['data_samples'].playback_rates.tolist()
        assert rates[0] == rates[1] != rates[2]
        assert sorted(rates[1:]) == [1.0, 2.0]
        frames = np.asarray(sample['data_samples'].frame_inds).reshape(3, -1)
        assert frames[1, 0] == frames[2, 0]
