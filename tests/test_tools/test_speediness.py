import importlib.util
import os.path as osp

import numpy as np
import pytest
import torch
from mmengine.config import Config
from mmengine.runner import Runner

from mmssl.registry import MODELS
from mmssl.testing.videos import write_index_video

REPO_ROOT = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))
TOOL = osp.join(REPO_ROOT, 'tools', 'analysis', 'speediness.py')

# Two videos, clips at 1x, 2x and reversed; tiny R3D-18 with 64-d features.
CONFIG = """
default_scope = 'mmssl'
model = dict(
    type='TransformationRecognizer',
    backbone=dict(type='ResNet3d', depth=18, base_channels=8,
                  pretrained=None, pretrained2d=False),
    heads=dict(temporal=dict(
        type='TransformationHead', label_key='temporal_labels',
        num_classes=3, in_channels=64)),
    speediness=dict(head='temporal', rates=[1, 2, None]),
    data_preprocessor=dict(type='ActionDataPreprocessor',
                           mean=[128.0] * 3, std=[64.0] * 3,
                           format_shape='NCTHW'))
val_dataloader = dict(
    batch_size=2,
    num_workers=0,
    sampler=dict(type='DefaultSampler', shuffle=False),
    dataset=dict(
        type='VideoDataset',
        ann_file={ann_file!r},
        data_prefix=dict(video={video_dir!r}),
        test_mode=True,
        pipeline=[
            dict(type='DecordOpen'),
            dict(type='MultiClipSampler', clip_len=4, test_mode=True,
                 transforms=[dict(type='Speed', rate=1),
                             dict(type='Speed', rate=2),
                             dict(type='Reverse')]),
            dict(type='DecordDecodeOnce'),
            dict(type='Resize', scale=(32, 32), keep_ratio=False),
            dict(type='PackMultiClipInputs'),
        ]))
"""


@pytest.fixture(scope='module')
def speediness_tool():
    spec = importlib.util.spec_from_file_location('speediness', TOOL)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope='module')
def config_file(tmp_path_factory):
    root = tmp_path_factory.mktemp('speediness')
    for name in ('a.mp4', 'b.mp4'):
        write_index_video(str(root / name), num_frames=20, size=(32, 32))
    (root / 'ann.txt').write_text('a.mp4 0\nb.mp4 1\n')
    path = root / 'transrank.py'
    path.write_text(
        CONFIG.format(ann_file=str(root / 'ann.txt'), video_dir=str(root)))
    return str(path)


def save_checkpoint(config_file, path, seed, head_bias=None):
    torch.manual_seed(seed)
    model = MODELS.build(Config.fromfile(config_file).model)
    model.init_weights()
    if head_bias is not None:
        linear = model.heads.temporal.layers[-1]
        with torch.no_grad():
            linear.weight.zero_()
            linear.bias.copy_(torch.tensor(head_bias))
    torch.save(dict(state_dict=model.state_dict()), path)
    return str(path)


def test_group_by_rate_drops_non_speed_classes(speediness_tool):
    groups = speediness_tool.group_by_rate(
        np.array([0.5, 1.5, 9.0, -0.5]), np.array([0, 1, 2, 0]),
        [1.0, 2.0, None])
    assert groups == {1.0: [0.5, -0.5], 2.0: [1.5]}


def test_rank_correlation(speediness_tool):
    # score ranks 1, 3, 2, 4 against rate ranks 1.5, 1.5, 3.5, 3.5
    rho = speediness_tool.rank_correlation({1: [0.1, 0.3], 2: [0.2, 0.9]})
    assert rho == pytest.approx(2 / np.sqrt(20))


def test_collects_every_speed_clip(speediness_tool, config_file, tmp_path):
    # zero weights, bias (0, 2, 5): every clip scores 0.5 * (2 - 0) = 1
    checkpoint = save_checkpoint(
        config_file, tmp_path / 'const.pth', seed=0, head_bias=[0, 2, 5])
    cfg = Config.fromfile(config_file)
    model = speediness_tool.load_model(cfg, checkpoint,
                                       dict(head='temporal', rates=[1, 2,
                                                                    None]),
                                       'cpu')
    loader = Runner.build_dataloader(cfg.val_dataloader)
    groups = speediness_tool.collect_speediness(model, loader, [1, 2, None])
    assert groups == {1: [1.0, 1.0], 2: [1.0, 1.0]}


def test_cli_compares_two_models(speediness_tool, config_file, tmp_path,
                                 capsys):
    first = save_checkpoint(config_file, tmp_path / 'rank.pth', seed=0)
    second = save_checkpoint(config_file, tmp_path / 'cls.pth', seed=1)
    out = tmp_path / 'speediness.png'
    speediness_tool.main([
        config_file, first, '--compare', config_file, second, '--rates', '1',
        '4', 'none', '--out', str(out)
    ])
    printed = capsys.readouterr().out
    assert printed.count('1x: n=2') == 2 and printed.count('4x: n=2') == 2
    assert out.stat().st_size > 10000
    with open(out, 'rb') as png:
        assert png.read(8) == b'\x89PNG\r\n\x1a\n'


def test_missing_rates_is_reported(speediness_tool, config_file, tmp_path,
                                   capsys):
    cfg = Config.fromfile(config_file)
    cfg.model.pop('speediness')
    stripped = tmp_path / 'no_rates.py'
    cfg.dump(str(stripped))
    with pytest.raises(SystemExit):
        speediness_tool.main([str(stripped), 'unused.pth'])
    assert 'model.speediness.rates' in capsys.readouterr().err
