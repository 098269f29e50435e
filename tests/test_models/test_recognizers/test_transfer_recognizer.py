import pytest
import torch
from mmaction.structures import ActionDataSample
from mmengine.optim import build_optim_wrapper

from mmssl.models.recognizers import TransferRecognizer3D
from mmssl.registry import MODELS

TINY_R2PLUS1D = dict(
    type='ResNet2Plus1d',
    depth=18,
    base_channels=4,
    pretrained=None,
    pretrained2d=False,
    conv_cfg=dict(type='Conv2plus1d'),
    norm_cfg=dict(type='BN3d', requires_grad=True, eps=1e-3),
    conv1_kernel=(3, 7, 7),
    conv1_stride_t=1,
    pool1_stride_t=1,
    inflate=(1, 1, 1, 1),
    spatial_strides=(1, 2, 2, 2),
    temporal_strides=(1, 2, 2, 2))


@pytest.fixture
def backbones(tiny_r3d):
    return dict(ResNet3d=tiny_r3d, ResNet2Plus1d=TINY_R2PLUS1D)


def build_recognizer(backbone, **kwargs):
    """A 3-class recognizer on ``backbone`` (a config with 32-d res4)."""
    torch.manual_seed(0)
    model = MODELS.build(
        dict(
            type='TransferRecognizer3D',
            backbone=backbone,
            cls_head=dict(
                type='I3DHead', num_classes=3, in_channels=32,
                dropout_ratio=0),
            data_preprocessor=dict(
                type='ActionDataPreprocessor', format_shape='NCTHW'),
            **kwargs))
    model.init_weights()
    return model


def batch(batch_size=4, num_clips=1):
    torch.manual_seed(1)
    inputs, data_samples = [], []
    for index in range(batch_size):
        inputs.append(
            torch.randint(
                0, 256, (num_clips, 3, 4, 16, 16), dtype=torch.uint8))
        sample = ActionDataSample()
        sample.set_gt_labels(torch.tensor([index % 3]))
        data_samples.append(sample)
    return dict(inputs=inputs, data_samples=data_samples)


def train_steps(model, steps=3):
    optim_wrapper = build_optim_wrapper(
        model,
        dict(
            optimizer=dict(
                type='SGD', lr=0.1, momentum=0.9, weight_decay=1e-4)))
    model.train()
    data = batch()
    for _ in range(steps):
        model.train_step(data, optim_wrapper)


def snapshot(module):
    return {k: v.clone() for k, v in module.state_dict().items()}


def changed_keys(module, before):
    return [
        key for key, value in module.state_dict().items()
        if not torch.equal(value, before[key])
    ]


@pytest.mark.parametrize('name', ['ResNet2Plus1d', 'ResNet3d'])
def test_frozen_backbone_keeps_weights_and_bn_statistics(backbones, name):
    model = build_recognizer(backbones[name], freeze_backbone=True)
    backbone_before = snapshot(model.backbone)
    head_before = snapshot(model.cls_head)
    train_steps(model)
    assert not model.backbone.training
    assert all(not m.training for m in model.backbone.modules())
    assert model.cls_head.training
    assert not any(p.requires_grad for p in model.backbone.parameters())
    assert changed_keys(model.backbone, backbone_before) == []
    assert set(changed_keys(model.cls_head,
                            head_before)) == {'fc_cls.weight', 'fc_cls.bias'}


def test_finetuning_trains_the_backbone_and_its_bn_statistics(tiny_r3d):
    model = build_recognizer(tiny_r3d, freeze_backbone=False)
    before = snapshot(model.backbone)
    train_steps(model, steps=1)
    assert model.backbone.training
    changed = changed_keys(model.backbone, before)
    assert 'conv1.conv.weight' in changed
    assert 'conv1.bn.running_mean' in changed
    assert 'layer4.1.conv2.bn.num_batches_tracked' in changed


def test_init_weights_loads_the_backbone_checkpoint(tmp_path, tiny_r3d):
    source = build_recognizer(tiny_r3d)
    with torch.no_grad():
        for value in source.backbone.state_dict().values():
            if value.is_floating_point():
                value.uniform_(0.5, 1.5)
    state_dict = {
        f'backbone.{key}': value
        for key, value in source.backbone.state_dict().items()
    }
    state_dict['heads.temporal.weight'] = torch.zeros(5, 32)
    path = str(tmp_path / 'pretrain.pth')
    torch.save(dict(state_dict=state_dict, meta=dict()), path)

    model = build_recognizer(
        tiny_r3d, backbone_checkpoint=path, freeze_backbone=True)
    assert changed_keys(model.backbone, snapshot(source.backbone)) == []
    # The head keeps its own init: std 0.01, bias 0.
    assert model.cls_head.fc_cls.bias.abs().max() == 0


def test_backbone_checkpoint_must_fit_the_backbone(tmp_path, tiny_r3d):
    other = MODELS.build(dict(tiny_r3d, base_channels=8))
    path = str(tmp_path / 'wider.pth')
    torch.save({
        f'backbone.{k}': v
        for k, v in other.state_dict().items()
    }, path)
    with pytest.raises(KeyError, match='shape mismatches'):
        build_recognizer(tiny_r3d, backbone_checkpoint=path)
    with pytest.raises(FileNotFoundError, match='missing.pth'):
        build_recognizer(
            tiny_r3d, backbone_checkpoint=str(tmp_path / 'missing.pth'))


def test_is_registered_in_mmssl():
    assert MODELS.get('TransferRecognizer3D') is TransferRecognizer3D
