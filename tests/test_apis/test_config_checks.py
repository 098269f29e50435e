import pytest
from mmengine.config import Config

from mmssl.apis import (accepted_keys, check_component_keys,
                        check_config_values, check_top_level_keys)
from mmssl.errors import ConfigKeyError, ConfigValueError

TINY_MODEL = dict(
    type='TransformationRecognizer',
    backbone=dict(type='ResNet3d', depth=18, pretrained=None),
    neck=dict(type='GlobalAvgPool'),
    heads=dict(
        temporal=dict(
            type='TransformationHead',
            label_key='temporal_labels',
            num_classes=4,
            in_channels=512,
            loss=dict(type='TransformationRankingLoss', margin=1.0))))


def _cfg(**kwargs):
    return Config(dict(model=TINY_MODEL, **kwargs))


def test_typo_of_runner_key_is_named():
    cfg = Config(dict(trian_dataloader=dict(), data_root='x'))
    with pytest.raises(
            ConfigKeyError, match='"trian_dataloader".*'
            '"train_dataloader"'):
        check_top_level_keys(cfg, 'my_config.py')


def test_free_variables_are_allowed():
    check_top_level_keys(Config(dict(data_root='x', clip_len=16)), 'c.py')


def test_valid_nested_config_passes():
    check_component_keys(_cfg(), 'c.py')


@pytest.mark.parametrize('path, value, match', [
    ('backbone.deptth', 18,
     r'c.py: unknown config key "model.backbone.deptth" for ResNet3d; '
     r'did you mean "model.backbone.depth"\?'),
    ('heads.temporal.num_clases', 4,
     r'"model.heads.temporal.num_clases".*"model.heads.temporal.'
     r'num_classes"'),
    ('heads.temporal.loss.margn', 1.0,
     r'"model.heads.temporal.loss.margn" for TransformationRankingLoss'),
    ('neck.type', 'GlobalAvgPol',
     r'model.neck.type="GlobalAvgPol" is not a registered model; did you '
     r'mean "GlobalAvgPool"\?'),
])
def test_nested_typos_name_the_full_key(path, value, match):
    cfg = _cfg()
    cfg.merge_from_dict({f'model.{path}': value})
    with pytest.raises(ConfigKeyError, match=match):
        check_component_keys(cfg, 'c.py')


def test_pipeline_step_keys_are_checked():
    pipeline = [
        dict(type='DecordOpen'),
        dict(type='CenterCrop', crop_sise=112)
    ]
    cfg = _cfg(
        test_dataloader=dict(
            dataset=dict(
                type='RobustVideoDataset', ann_file='a.txt',
                pipeline=pipeline)))
    with pytest.raises(
            ConfigKeyError,
            match='test_dataloader.dataset.pipeline.1.crop_sise'):
        check_component_keys(cfg, 'c.py')


def test_accepted_keys_follow_kwargs_through_the_mro():
    from mmssl.models.recognizers import TransferRecognizer3D
    names, complete = accepted_keys(TransferRecognizer3D)
    assert {
        'backbone_checkpoint', 'freeze_backbone', 'backbone', 'cls_head',
        'data_preprocessor'
    } <= names
    assert complete


@pytest.mark.parametrize('options, match', [
    (dict(train_cfg=dict(max_epochs=-1)), r'train_cfg.max_epochs=-1'),
    (dict(train_cfg=dict(max_epochs=2, val_interval=0)),
     r'train_cfg.val_interval=0'),
    (dict(train_dataloader=dict(batch_size=0)),
     r'train_dataloader.batch_size=0'),
    (dict(val_dataloader=dict(num_workers=0, persistent_workers=True)),
     r'val_dataloader.num_workers=0 is invalid: it must be > 0 with '
     r'persistent_workers=True'),
    (dict(optim_wrapper=dict(optimizer=dict(lr=-0.1))),
     r'optim_wrapper.optimizer.lr=-0.1'),
    (dict(param_scheduler=[dict(type='CosineAnnealingLR', begin=5, end=5)]),
     r'param_scheduler.0.end=5 .*greater than begin=5'),
])
def test_nonsensical_values_are_named(options, match):
    with pytest.raises(ConfigValueError, match=match):
        check_config_values(Config(options), 'c.py')


def test_sensible_values_pass():
    check_config_values(
        Config(
            dict(
                train_cfg=dict(max_epochs=1, val_interval=1),
                train_dataloader=dict(batch_size=1, num_workers=0),
                optim_wrapper=dict(optimizer=dict(lr=0.0)))), 'c.py')


def test_head_classes_must_match_the_sampler():
    from mmssl.apis import check_label_spaces
    pipeline = [
        dict(
            type='MultiClipSampler',
            clip_len=4,
            transforms=[dict(type='Speed', rate=r) for r in (1, 2, 4, 8)])
    ]
    cfg = _cfg(train_dataloader=dict(dataset=dict(pipeline=pipeline)))
    check_label_spaces(cfg, 'c.py')
    cfg.merge_from_dict({'model.heads.temporal.num_classes': 5})
    with pytest.raises(
            ConfigValueError,
            match=r'c.py: model.heads.temporal.num_classes=5 but '
            r'train_dataloader.dataset.pipeline.0 '
            r'\(MultiClipSampler\) gives 4 classes of '
            r'"temporal_labels"'):
        check_label_spaces(cfg, 'c.py')
