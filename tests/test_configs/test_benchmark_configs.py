import glob
import os.path as osp

import pytest
import torch
from mmaction.structures import ActionDataSample
from mmengine.config import Config
from mmengine.optim import build_optim_wrapper

from mmssl.apis import check_config
from mmssl.models.recognizers import ClipPairRecognizer, TransferRecognizer3D
from mmssl.registry import MODELS

REPO_ROOT = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))
BENCHMARKS = osp.join(REPO_ROOT, 'configs', 'benchmarks')
PROTOCOLS = ('finetune', 'linear', 'motion', 'sync', 'order')
RECOGNITION = ('finetune', 'linear', 'motion')
CONFIGS = sorted(
    osp.relpath(path, BENCHMARKS) for protocol in PROTOCOLS
    for path in glob.glob(osp.join(BENCHMARKS, protocol, '*.py')))

MODEL_VARIANTS = [
    f'{model}_{data}' for model in ('r3d18', 'r2plus1d18', 'c3d')
    for data in ('ucf101', 'hmdb51')
]
EXPECTED = {
    'finetune':
    MODEL_VARIANTS +
    ['r3d18_sthv1', 'r3d18_sthv2', 'r3d18_diving48', 'r3d18_toy',
     'r3d18_toy_rgbdiff'],
    'linear':
    MODEL_VARIANTS + ['r3d18_toy', 'r3d18_toy_rgbdiff'],
    'motion': ['r3d18_mhmdb51', 'r3d18_toy', 'r3d18_toy_rgbdiff'],
    'sync': ['r3d18_ucf101', 'r3d18_toy'],
    'order': ['r3d18_ucf101', 'r3d18_toy'],
}


def load(config):
    return Config.fromfile(osp.join(BENCHMARKS, config))


def is_toy(config):
    """CPU-sized configs of the toy dataset (RGB and RGBDiff)."""
    return '_toy' in osp.basename(config)


def pipeline_step(pipeline, step_type):
    steps = [step for step in pipeline if step['type'] == step_type]
    assert len(steps) == 1, [step['type'] for step in pipeline]
    return steps[0]


def test_every_expected_config_exists():
    found = {(osp.dirname(c), osp.basename(c)[:-3]) for c in CONFIGS}
    expected = {(protocol, name)
                for protocol, names in EXPECTED.items()
                for name in names}
    assert found == expected


@pytest.mark.parametrize('config', CONFIGS)
def test_config_parses_and_builds_its_model(config):
    protocol = osp.dirname(config)
    cfg = load(config)
    check_config(cfg, config)
    model = MODELS.build(cfg.model)
    head = cfg.model.cls_head
    assert cfg.model.freeze_backbone == (
        protocol in ('linear', 'sync', 'order'))
    for loader, split in (('train', 'train'), ('val', 'val'), ('test',
                                                               'test')):
        dataset = cfg[f'{loader}_dataloader'].dataset
        assert dataset.type == cfg.dataset_type
        assert dataset.ann_file == cfg[f'ann_file_{split}']
    if protocol in RECOGNITION:
        assert type(model) is TransferRecognizer3D
        assert head.type == 'I3DHead' and head.dropout_ratio == 0.5
        assert head.num_classes == cfg.num_classes
        assert model.cls_head.fc_cls.out_features == cfg.num_classes
    elif protocol == 'sync':
        assert type(model) is ClipPairRecognizer
        assert model.cls_head.fc_hidden.out_features == 512
        assert model.cls_head.fc_cls.out_features == 7
    else:
        assert type(model) is TransferRecognizer3D
        assert model.cls_head.fc_hidden.out_features == 512
        assert model.cls_head.fc_cls.out_features == 2
    assert head.average_clips == 'prob'
    # The toy configs use the slim R3D-18 (base_channels 8) of TransRank's
    # toy pre-training.
    feat_dim = 64 if is_toy(config) else cfg.feat_dim
    assert model.cls_head.in_channels == feat_dim
    if protocol in ('motion', 'sync', 'order'):
        assert cfg.val_evaluator.metric_options == dict(
            top_k_accuracy=dict(topk=(1, )))


@pytest.mark.parametrize('config',
                         [c for c in CONFIGS if not is_toy(c)])
def test_table11_hyper_parameters(config):
    cfg = load(config)
    optimizer = cfg.optim_wrapper.optimizer
    assert (optimizer.type, optimizer.lr, optimizer.momentum,
            optimizer.weight_decay) == ('SGD', 0.16, 0.9, 1e-4)
    assert cfg.train_dataloader.batch_size * 8 == 128
    epochs = 50 if 'sthv' in config else 100
    assert cfg.train_cfg.max_epochs == epochs
    (scheduler, ) = cfg.param_scheduler
    assert scheduler.type == 'MultiStepLR' and scheduler.gamma == 0.1
    assert scheduler.milestones == [epochs * 3 // 5, epochs * 4 // 5]


@pytest.mark.parametrize('config',
                         [c for c in CONFIGS if osp.dirname(c) in RECOGNITION])
def test_recognition_test_protocol_is_10_clips_centre_crop(config):
    cfg = load(config)
    pipeline = cfg.test_dataloader.dataset.pipeline
    sampler = pipeline_step(pipeline, 'SampleFrames')
    clip_len, crop_size = (8, 56) if is_toy(config) else (16, 112)
    if config.endswith('_rgbdiff.py'):
        clip_len += 1  # the frames of clip_len differences
    assert (sampler.clip_len, sampler.frame_interval, sampler.num_clips,
            sampler.test_mode) == (clip_len, 1, 10, True)
    assert pipeline_step(pipeline, 'CenterCrop').crop_size == crop_size


def test_something_something_configs_do_not_flip():
    for name in ('r3d18_sthv1', 'r3d18_sthv2'):
        cfg = load(f'finetune/{name}.py')
        types = [
            step['type'] for step in cfg.train_dataloader.dataset.pipeline
        ]
        assert 'Flip' not in types
    sthv1 = load('finetune/r3d18_sthv1.py')
    roots = dict(
        train=sthv1.data_root,
        val=sthv1.data_root_val,
        test=sthv1.data_root_val)
    for loader, root in roots.items():
        dataset = sthv1[f'{loader}_dataloader'].dataset
        types = [step['type'] for step in dataset.pipeline]
        assert 'RawFrameDecodeOnce' in types and 'DecordOpen' not in types
        assert dataset.filename_tmpl == '{:05}.jpg'
        assert dataset.data_prefix == dict(img=root)


def toy_batch(num_clips, num_classes, batch_size=2):
    inputs, data_samples = [], []
    for index in range(batch_size):
        inputs.append(
            torch.randint(
                0, 256, (num_clips, 3, 8, 56, 56), dtype=torch.uint8))
        sample = ActionDataSample()
        sample.set_gt_labels(torch.tensor([index % num_classes]))
        data_samples.append(sample)
    return dict(inputs=inputs, data_samples=data_samples)


@pytest.mark.parametrize('config, num_clips, num_classes', [
    ('linear/r3d18_toy.py', 1, 5),
    ('sync/r3d18_toy.py', 2, 7),
    ('order/r3d18_toy.py', 1, 2),
])
def test_frozen_protocols_train_only_the_head(config, num_clips, num_classes):
    cfg = load(config)
    torch.manual_seed(0)
    model = MODELS.build(cfg.model)
    model.init_weights()
    optim_wrapper = build_optim_wrapper(model, cfg.optim_wrapper)
    backbone_before = {
        k: v.clone()
        for k, v in model.backbone.state_dict().items()
    }
    head_before = {
        k: v.clone()
        for k, v in model.cls_head.state_dict().items()
    }
    model.train()
    data = toy_batch(num_clips, num_classes)
    for _ in range(2):
        model.train_step(data, optim_wrapper)
    assert not model.backbone.training
    for key, value in model.backbone.state_dict().items():
        assert torch.equal(value, backbone_before[key]), key
    assert all(not torch.equal(value, head_before[key])
               for key, value in model.cls_head.state_dict().items())


def test_toy_configs_load_a_transrank_toy_checkpoint(tmp_path):
    """The toy protocols must fit the backbone pre-trained by
    configs/transrank/r3d18_toy.py (loading is strict)."""
    torch.manual_seed(0)
    pretrain = MODELS.build(
        Config.fromfile(
            osp.join(REPO_ROOT, 'configs', 'transrank', 'r3d18_toy.py')).model)
    path = str(tmp_path / 'transrank_toy.pth')
    torch.save(dict(state_dict=pretrain.state_dict()), path)
    expected = pretrain.backbone.state_dict()
    for config in [c for c in CONFIGS if is_toy(c)]:
        cfg = load(config)
        cfg.model.backbone_checkpoint = path
        model = MODELS.build(cfg.model)
        model.init_weights()
        for key, value in model.backbone.state_dict().items():
            assert torch.equal(value, expected[key]), (config, key)
