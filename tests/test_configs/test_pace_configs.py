"""The pre-training configs of configs/pace/: every pace design of the
supplement, the contrastive variants and the toy configs."""
import glob
import os.path as osp

import pytest
from mmengine.config import Config
from mmengine.dataset import Compose

from mmssl.apis import check_config
from mmssl.datasets.step_args import resolved_pipeline
from mmssl.models.losses import (SameContextContrastiveLoss,
                                 SamePaceContrastiveLoss)
from mmssl.registry import MODELS
from tests.conftest import REPO_ROOT

PACE = osp.join(REPO_ROOT, 'configs', 'pace')
CONFIGS = sorted(glob.glob(osp.join(PACE, '*.py')))
FULL_SCALE = [
    f'{backbone}_{data}.py' for backbone in ('r3d18', 'c3d', 'r2plus1d18')
    for data in ('k400', 'ucf101')
]
#: Classes of every supplement design (Tables 1-4) and of the contrastive
#: variants (baseline paces).
CLASSES = {
    'r3d18_ucf101_pace1-3.py': 3,
    'r3d18_ucf101_pace1-4.py': 4,
    'r3d18_ucf101_pace1-5.py': 5,
    'r3d18_ucf101_pace1-6.py': 6,
    'r3d18_ucf101.py': 4,
    'r3d18_ucf101_slow.py': 4,
    'r3d18_ucf101_slowfast.py': 5,
    'r3d18_ucf101_steps1357.py': 4,
    'r3d18_ucf101_steps14710.py': 4,
    'r3d18_ucf101_randbackward.py': 4,
    'r3d18_ucf101_backward.py': 8,
    'r3d18_ucf101_ctr_context.py': 4,
    'r3d18_ucf101_ctr_pace.py': 4,
}
TOY = ['r3d18_toy.py', 'r3d18_toy_rgbdiff.py'] + [
    f'r3d18_toy{modality}_ctr_{kind}.py' for modality in ('', '_rgbdiff')
    for kind in ('context', 'pace')
]


def load(name):
    return Config.fromfile(osp.join(PACE, name))


def innermost(dataset_cfg):
    while 'dataset' in dataset_cfg:
        dataset_cfg = dataset_cfg['dataset']
    return dataset_cfg


def test_expected_configs_exist():
    names = {osp.basename(path) for path in CONFIGS}
    assert set(FULL_SCALE) | set(CLASSES) | set(TOY) == names


@pytest.mark.parametrize('path', CONFIGS, ids=osp.basename)
def test_config_passes_the_checks_and_builds_its_model(path):
    cfg = Config.fromfile(path)
    check_config(cfg, path)
    model = MODELS.build(cfg.model)
    assert set(model.heads) == set(cfg.val_evaluator.heads) == {'pace'}
    name = osp.basename(path)
    assert model.heads.pace.num_classes == CLASSES.get(name, 4)
    feat_dim = 64 if 'toy' in name else 4096 if name.startswith('c3d') \
        else 512
    assert model.heads.pace.layers[0].in_features == feat_dim
    loss = {'context': SameContextContrastiveLoss,
            'pace': SamePaceContrastiveLoss}.get(name.split('_ctr_')[-1][:-3])
    if loss is None:
        assert model.contrastive_loss is None
    else:
        assert isinstance(model.contrastive_loss, loss)
        assert model.contrastive_loss.temperature == 0.5
        assert model.projection.in_channels == feat_dim


@pytest.mark.parametrize('path', CONFIGS, ids=osp.basename)
def test_train_pipeline_runs_on_a_real_video(path, shared_videos):
    cfg = Config.fromfile(path)
    pipeline = Compose(
        resolved_pipeline(innermost(cfg.train_dataloader.dataset)))
    sample = pipeline(
        dict(filename=shared_videos[0], start_index=0, modality='RGB'))
    name = osp.basename(path)
    clips = 2 if 'ctr_context' in name else 1
    size = (8, 56, 56) if 'toy' in name else (16, 112, 112)
    assert sample['inputs'].shape == (clips, 3) + size
    labels = sample['data_samples'].temporal_labels
    assert labels.shape == (clips, )
    assert len(set(labels.tolist())) == clips  # two different paces
    assert 0 <= labels.min() and labels.max() < CLASSES.get(name, 4)


@pytest.mark.parametrize('name', FULL_SCALE)
def test_full_scale_configs_follow_the_public_code(name):
    cfg = load(name)
    assert cfg.optim_wrapper.optimizer == dict(
        type='SGD', lr=0.01, momentum=0.9, weight_decay=5e-3)
    assert cfg.train_cfg.max_epochs == 18
    assert cfg.param_scheduler == [
        dict(type='StepLR', step_size=6, gamma=0.1, by_epoch=True, begin=0,
             end=18)
    ]
    assert cfg.train_dataloader.batch_size == 30
    train = cfg.train_dataloader.dataset
    assert train.type == 'RepeatDataset' and train.times == 10
    data = 'kinetics400' if name.endswith('k400.py') else 'ucf101'
    assert data in train.dataset.ann_file and train.dataset.skip_broken
    steps = {step['type']: step for step in train.dataset.pipeline}
    sampler = steps['MultiClipSampler']
    assert sampler.clip_len == 16 and sampler.assign == 'random'
    assert sampler.num_clips == 1 and sampler.start_mode == 'anywhere'
    assert [t['rate'] for t in sampler.transforms] == [1, 2, 3, 4]
    assert steps['RandomCrop'].size == 112
    jitter = steps['MultiClipColorJitter']
    assert jitter['scope'] == 'frame' and jitter['prob'] == 0.8
    assert (jitter['brightness'], jitter['contrast'], jitter['saturation'],
            jitter['hue']) == (0.8, 0.8, 0.8, 0.2)


def test_variants_differ_from_the_baseline_only_in_their_design():
    """A supplement leaf changes the paces (sampler and head) or adds the
    contrastive part, nothing else."""
    for name in CLASSES:
        cfg, baseline = (load(n).to_dict() for n in (name, 'r3d18_ucf101.py'))
        for config in (cfg, baseline):
            config['model']['heads']['pace'].pop('num_classes')
            config['model'].pop('projection', None)
            config['model'].pop('contrastive_loss', None)
            for loader in ('train_dataloader', 'val_dataloader',
                           'test_dataloader'):
                dataset = innermost(config[loader]['dataset'])
                dataset['pipeline'] = resolved_pipeline(dataset)
                dataset.pop('step_args', None)
                for step in dataset['pipeline']:
                    if step['type'] == 'MultiClipSampler':
                        for key in ('transforms', 'assign', 'num_clips'):
                            step.pop(key, None)
            for key in ('pace_transforms', 'forward', 'pace_design'):
                config.pop(key, None)
        assert cfg == baseline, name


@pytest.mark.parametrize('name', ['r3d18_toy_rgbdiff.py',
                                  'r3d18_toy_rgbdiff_ctr_context.py'])
def test_toy_rgbdiff_differences_nine_frames(name, shared_videos):
    cfg = load(name)
    retrieval = Config.fromfile(
        osp.join(REPO_ROOT, 'configs', 'benchmarks', 'retrieval',
                 'r3d18_toy_rgbdiff.py'))
    assert cfg.model.data_preprocessor.mean == \
        retrieval.model.data_preprocessor.mean
    for loader in ('train_dataloader', 'val_dataloader'):
        pipeline = cfg[loader].dataset.pipeline
        types = [step['type'] for step in pipeline]
        assert types[-2:] == ['FrameDiffView', 'PackMultiClipInputs']
        assert pipeline[1].clip_len == 9
    sample = Compose(cfg.val_dataloader.dataset.pipeline)(
        dict(filename=shared_videos[0], start_index=0, modality='RGB',
             sample_idx=0))
    # Every pace once, as 8 differences of 9 frames.
    assert sample['inputs'].shape == (4, 3, 8, 56, 56)
    assert sample['data_samples'].temporal_labels.tolist() == [0, 1, 2, 3]
