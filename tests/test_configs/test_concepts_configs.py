"""The pre-training configs of configs/concepts/."""
import glob
import os.path as osp

import numpy as np
import pytest
from mmengine.config import Config
from mmengine.dataset import Compose

from mmssl.apis import check_config
from mmssl.registry import MODELS
from tests.conftest import REPO_ROOT

CONCEPTS = osp.join(REPO_ROOT, 'configs', 'concepts')
CONFIGS = sorted(glob.glob(osp.join(CONCEPTS, '*.py')))
FULL_SCALE = [
    f'{backbone}_{data}.py' for backbone in ('r3d18', 'r2plus1d18')
    for data in ('ucf101', 'k400', 'diving48')
]
ABLATIONS = {
    'r2plus1d18_ucf101_100e.py': {},
    'r2plus1d18_ucf101_sigma_linear.py': dict(transformation='linear'),
    'r2plus1d18_ucf101_sigma_mlp.py': dict(transformation='mlp'),
    'r2plus1d18_ucf101_decoder_linear.py': dict(decoder='linear'),
    'r2plus1d18_ucf101_decoder_mlp128.py': dict(decoder_hidden=128),
    'r2plus1d18_ucf101_top2.py': dict(top_k=2),
    'r2plus1d18_ucf101_top10.py': dict(top_k=10),
    'r2plus1d18_ucf101_top9.py': dict(top_k=9),
    'r2plus1d18_ucf101_separate.py': dict(separate_encoders=True),
}
DEFAULTS = dict(transformation='identity', decoder='mlp', decoder_hidden=512,
                top_k=5, separate_encoders=False)


def load(name):
    return Config.fromfile(osp.join(CONCEPTS, name))


def test_expected_configs_exist():
    names = {osp.basename(path) for path in CONFIGS}
    expected = set(FULL_SCALE) | set(ABLATIONS) | {
        'r3d18_toy.py', 'r3d18_k400_224.py', 'r2plus1d18_k400_224.py'
    }
    assert expected <= names


@pytest.mark.parametrize('path', CONFIGS, ids=osp.basename)
def test_config_passes_the_checks_and_builds_its_model(path):
    cfg = Config.fromfile(path)
    check_config(cfg, path)
    model = MODELS.build(cfg.model)
    name = osp.basename(path)
    channels = 64 if 'toy' in name else 512
    assert model.concept_head.prototypes.shape[1] == channels
    concepts = 8 if 'toy' in name else 100 if '_k400' in name else 50
    assert model.concept_head.num_static == concepts
    assert model.concept_head.num_dynamic == concepts
    assert hasattr(model, 'static_backbone') == ('separate' in name)


@pytest.mark.parametrize('name', FULL_SCALE)
def test_full_scale_configs_follow_the_script_and_the_appendix(name):
    cfg = load(name)
    assert cfg.optim_wrapper.optimizer == dict(
        type='Adam', lr=1e-3, betas=(0.9, 0.999), weight_decay=1e-5)
    assert cfg.train_cfg.max_epochs == 200
    assert cfg.param_scheduler[0].milestones == [120, 160]
    model = cfg.model
    assert (model.top_k, model.loc_start_epoch, model.code_queue_size) == (
        5, 5, 1024)
    assert (model.sinkhorn_epsilon, model.sinkhorn_iterations) == (0.05, 3)
    assert model.alignment.temperature == 0.1
    assert model.contrast_head.loss.temperature == 0.07
    assert model.entropy.loss_weight == 0.1
    sampler = cfg.train_dataloader.dataset.pipeline[1]
    assert (sampler.clip_len, sampler.num_clips, sampler.start_mode) == (
        16, 2, 'adjacent')
    data = dict(ucf101='ucf101', k400='kinetics400',
                diving48='diving48')[name.split('_')[1][:-3]]
    assert data in cfg.train_dataloader.dataset.ann_file
    hooks = [hook.type for hook in cfg.custom_hooks]
    assert hooks == ['FreezePrototypesHook', 'PrototypeNormHook']


@pytest.mark.parametrize('name, knobs', ABLATIONS.items())
def test_ablation_leaves_change_one_knob(name, knobs):
    cfg = load(name)
    assert cfg.train_cfg.max_epochs == 100
    values = dict(DEFAULTS, **knobs)
    head = cfg.model.concept_head
    assert (head.transformation, head.decoder, head.decoder_hidden) == (
        values['transformation'], values['decoder'],
        values['decoder_hidden'])
    assert cfg.model.top_k == values['top_k']
    assert cfg.model.separate_encoders == values['separate_encoders']


def test_224_variant_crops_224():
    cfg = load('r2plus1d18_k400_224.py')
    base = load('r2plus1d18_k400.py')
    pipeline = cfg.train_dataloader.dataset.pipeline
    sizes = {step.type: step.get('size', step.get('scale'))
             for step in pipeline}
    assert sizes['MultiClipRandomResizedCrop'] == 224
    assert sizes['Resize'] == (-1, 256)
    assert [s.type for s in pipeline] == [
        s.type for s in base.train_dataloader.dataset.pipeline
    ]


def run_pipeline(name, video):
    cfg = load(name)
    pipeline = Compose(cfg.train_dataloader.dataset.pipeline)
    return pipeline(dict(filename=video, start_index=0, modality='RGB'))


@pytest.mark.parametrize('name, size, clip_len', [('r3d18_toy.py', 56, 8),
                                                  ('r3d18_ucf101.py', 112,
                                                   16)])
def test_train_pipeline_gives_six_labelled_views_of_a_real_video(
        name, size, clip_len, shared_videos):
    packed = run_pipeline(name, shared_videos[0])
    assert packed['inputs'].shape == (6, 3, clip_len, size, size)
    assert packed['data_samples'].view_labels.tolist() == [0, 0, 1, 1, 2, 2]
    inputs = packed['inputs'].numpy()
    # Differences are signed, RGB and static clips are pixels.
    assert inputs[4:].min() < 0 and inputs[:4].min() >= 0
    assert np.abs(inputs[4:]).max() <= 255
