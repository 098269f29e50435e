"""Each downstream protocol end to end on generated toy videos, on CPU.

``tools/train.py`` then ``tools/test.py`` run as subprocesses on the toy
configs, shrunk to 4 training and 4 test videos, one epoch of 2 batches.
The backbone starts from a saved "pre-training" checkpoint; the trained
checkpoint shows whether the protocol froze it or trained it.
"""
import os.path as osp
import re

import pytest
import torch
from mmengine.config import Config
from mmengine.dataset import pseudo_collate

from mmssl.datasets.toy import generate_toy_dataset
from mmssl.models.utils import read_state_dict
from mmssl.registry import DATASETS, MODELS
from tests.test_tools.toy_run import REPO_ROOT, python_tool

BENCHMARKS = osp.join(REPO_ROOT, 'configs', 'benchmarks')


@pytest.fixture(scope='module')
def toy_data(tmp_path_factory):
    """4 training and 4 validation videos of 40 frames, 64x64."""
    return generate_toy_dataset(
        str(tmp_path_factory.mktemp('toy')),
        num_train=4,
        num_val=4,
        num_frames=40,
        size=64)


@pytest.fixture(scope='module')
def pretrained(tmp_path_factory):
    """A checkpoint holding a toy backbone as ``backbone.*``, with BN
    running statistics away from their (0, 1) defaults."""
    cfg = Config.fromfile(osp.join(BENCHMARKS, 'finetune', 'r3d18_toy.py'))
    torch.manual_seed(0)
    backbone = MODELS.build(cfg.model.backbone)
    backbone.init_weights()
    state_dict = backbone.state_dict()
    for key, value in state_dict.items():
        if key.endswith(('running_mean', 'running_var')):
            value.uniform_(0.5, 1.5)
    path = str(tmp_path_factory.mktemp('pretrained') / 'pretrain.pth')
    torch.save(
        dict(state_dict={
            f'backbone.{k}': v
            for k, v in state_dict.items()
        }), path)
    return path, state_dict


def data_options(toy_data):
    options = []
    for loader, split in (('train', 'train'), ('val', 'val'), ('test', 'val')):
        options += [
            f'{loader}_dataloader.dataset.ann_file={toy_data[split]}',
            f'{loader}_dataloader.dataset.data_prefix.video='
            f'{toy_data["videos"]}',
            f'{loader}_dataloader.batch_size=2',
            f'{loader}_dataloader.num_workers=0',
            f'{loader}_dataloader.persistent_workers=False',
        ]
    return options


def run_tool(tool, *args):
    result = python_tool(tool, *args, timeout=600)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-3000:]
    return output


def train_and_test(config, work_dir, toy_data, pretrained_path):
    """Train one epoch, test the last checkpoint; return the test metrics
    and the trained state dict."""
    options = data_options(toy_data) + [
        f'model.backbone_checkpoint={pretrained_path}',
        'train_cfg.max_epochs=1',
        'default_hooks.logger.interval=1',
    ]
    run_tool('train.py', osp.join(BENCHMARKS, config), '--work-dir',
             str(work_dir), '--cfg-options', *options)
    checkpoint = str(work_dir / 'epoch_1.pth')
    output = run_tool('test.py', osp.join(BENCHMARKS, config), checkpoint,
                      '--work-dir', str(work_dir / 'test'), '--cfg-options',
                      *data_options(toy_data))
    test_line = [
        line for line in output.splitlines()
        if 'Epoch(test)' in line and 'acc/' in line
    ][-1]
    metrics = {
        key: float(value)
        for key, value in re.findall(r'(acc/\w+): ([\d.]+)', test_line)
    }
    return metrics, read_state_dict(checkpoint)


def backbone_of(state_dict):
    return {
        key[len('backbone.'):]: value
        for key, value in state_dict.items() if key.startswith('backbone.')
    }


def assert_backbone_unchanged(trained, expected):
    trained = backbone_of(trained)
    assert trained.keys() == expected.keys()
    changed = [
        key for key in expected if not torch.equal(trained[key], expected[key])
    ]
    assert changed == []


def assert_backbone_trained(trained, initial):
    trained = backbone_of(trained)
    weights = [key for key in initial if key.endswith('conv.weight')]
    assert all(not torch.equal(trained[key], initial[key]) for key in weights)


def top1_by_hand(config, state_dict, toy_data):
    """Top-1 of the model of ``config`` holding ``state_dict`` on the
    validation videos, predicted here one video at a time."""
    cfg = Config.fromfile(osp.join(BENCHMARKS, config))
    model = MODELS.build(cfg.model)
    model.load_state_dict(state_dict)
    model.eval()
    dataset = DATASETS.build(
        dict(
            cfg.test_dataloader.dataset,
            ann_file=toy_data['val'],
            data_prefix=dict(video=toy_data['videos'])))
    hits = []
    with torch.no_grad():
        for index in range(len(dataset)):
            sample = dataset[index]
            prediction, = model.test_step(pseudo_collate([sample]))
            hits.append(prediction.pred_scores.item.argmax().item() ==
                        sample['data_samples'].gt_labels.item.item())
    return sum(hits) / len(hits)


def test_linear_probe_keeps_the_pretrained_backbone(tmp_path, toy_data,
                                                    pretrained):
    path, backbone = pretrained
    metrics, trained = train_and_test('linear/r3d18_toy.py', tmp_path,
                                      toy_data, path)
    assert set(metrics) == {'acc/top1', 'acc/top5', 'acc/mean1'}
    assert metrics['acc/top1'] == pytest.approx(
        top1_by_hand('linear/r3d18_toy.py', trained, toy_data), abs=1e-4)
    assert_backbone_unchanged(trained, backbone)


@pytest.mark.slow
def test_finetune_trains_the_pretrained_backbone(tmp_path, toy_data,
                                                 pretrained):
    path, backbone = pretrained
    metrics, trained = train_and_test('finetune/r3d18_toy.py', tmp_path,
                                      toy_data, path)
    assert set(metrics) == {'acc/top1', 'acc/top5', 'acc/mean1'}
    assert_backbone_trained(trained, backbone)


@pytest.mark.slow
def test_motion_finetunes_with_top1_only(tmp_path, toy_data, pretrained):
    path, backbone = pretrained
    metrics, trained = train_and_test('motion/r3d18_toy.py', tmp_path,
                                      toy_data, path)
    assert set(metrics) == {'acc/top1', 'acc/mean1'}
    assert_backbone_trained(trained, backbone)


def test_sync_trains_only_the_mlp(tmp_path, toy_data, pretrained):
    path, backbone = pretrained
    metrics, trained = train_and_test('sync/r3d18_toy.py', tmp_path, toy_data,
                                      path)
    assert set(metrics) == {'acc/top1', 'acc/mean1'}
    assert_backbone_unchanged(trained, backbone)
    assert trained['cls_head.fc_hidden.weight'].shape == (512, 64)
    assert trained['cls_head.fc_cls.weight'].shape == (7, 512)


@pytest.mark.slow
def test_order_trains_only_the_mlp(tmp_path, toy_data, pretrained):
    path, backbone = pretrained
    metrics, trained = train_and_test('order/r3d18_toy.py', tmp_path, toy_data,
                                      path)
    assert set(metrics) == {'acc/top1', 'acc/mean1'}
    assert_backbone_unchanged(trained, backbone)
    assert trained['cls_head.fc_cls.weight'].shape == (2, 512)
