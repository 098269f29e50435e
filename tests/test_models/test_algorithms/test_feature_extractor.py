import pytest
import torch
import torch.nn as nn
from mmaction.structures import ActionDataSample

from mmssl.models.algorithms import pool_clip_features
from mmssl.registry import MODELS


class EchoBackbone(nn.Module):
    """``stem`` passes clips through; ``head`` averages them to (M, C)."""

    def __init__(self):
        super().__init__()
        self.stem = nn.Identity()
        self.head = nn.AdaptiveAvgPool3d(1)

    def forward(self, clips):
        return self.head(self.stem(clips)).flatten(1)


@pytest.fixture
def echo_backbone():
    """``EchoBackbone`` registered in MODELS for the test only."""
    MODELS.register_module(module=EchoBackbone)
    try:
        yield dict(type='EchoBackbone')
    finally:
        MODELS._module_dict.pop('EchoBackbone')


def test_pool_clip_features_avg_and_max_by_hand():
    # One clip, 2 channels, t=2, 2x2: channel 0 holds 0..7, channel 1 8..15.
    feats = torch.arange(16.).view(1, 2, 2, 2, 2)
    # avg: per time step means 1.5 and 5.5 -> 3.5; channel 1: 11.5.
    assert pool_clip_features(feats, 'avg').tolist() == [[3.5, 11.5]]
    # max: per time step maxima 3 and 7 -> 5; channel 1: 11 and 15 -> 13.
    assert pool_clip_features(feats, 'max').tolist() == [[5.0, 13.0]]
    vectors = torch.randn(3, 4)
    assert pool_clip_features(vectors, 'max') is vectors
    with pytest.raises(ValueError, match='spatial_pool="min"'):
        pool_clip_features(feats, 'min')
    with pytest.raises(ValueError, match=r'got shape \(2, 3, 4\)'):
        pool_clip_features(torch.zeros(2, 3, 4))


@pytest.mark.parametrize('spatial_pool, expected',
                         [('avg', [3.5, 11.5]), ('max', [5.0, 13.0])])
def test_video_feature_is_the_mean_of_pooled_clips(spatial_pool, expected,
                                                   echo_backbone):
    model = MODELS.build(
        dict(
            type='VideoFeatureExtractor',
            backbone=echo_backbone,
            layer='stem',
            spatial_pool=spatial_pool,
            normalize=False))
    clip = torch.arange(16.).view(2, 2, 2, 2)
    # Video 0: the clip and its double -> mean is 1.5x the clip features.
    inputs = torch.stack([torch.stack([clip, 2 * clip])])
    feats = model(inputs, mode='tensor')
    assert feats.tolist() == [[1.5 * value for value in expected]]


def test_layer_none_takes_the_backbone_output(echo_backbone):
    model = MODELS.build(
        dict(type='VideoFeatureExtractor', backbone=echo_backbone))
    inputs = torch.arange(16.).view(1, 1, 2, 2, 2, 2)
    # The head averages all of a channel (C3D-like vectors): 3.5 and 11.5,
    # then normalize=True.
    expected = torch.tensor([3.5, 11.5]) / (3.5**2 + 11.5**2)**0.5
    torch.testing.assert_close(model(inputs)[0], expected)


def test_resnet3d_layer_choice_and_predict(tiny_r3d):
    model = MODELS.build(
        dict(
            type='VideoFeatureExtractor',
            backbone=tiny_r3d,
            spatial_pool='max'))
    layer3 = MODELS.build(
        dict(
            type='VideoFeatureExtractor',
            backbone=tiny_r3d,
            layer='layer3',
            spatial_pool='max'))
    data = dict(
        inputs=[
            torch.randint(0, 256, (2, 3, 4, 16, 16), dtype=torch.uint8)
            for _ in range(3)
        ],
        data_samples=[ActionDataSample().set_gt_labels(i) for i in range(3)])
    samples = model.test_step(data)
    assert [s.video_feature.shape for s in samples] == [(32, )] * 3
    assert torch.stack([s.video_feature for s in samples]).norm(
        dim=1).tolist() == pytest.approx([1.0] * 3)
    assert layer3.test_step(data)[0].video_feature.shape == (16, )


def test_errors_name_the_setting(tiny_r3d, echo_backbone):
    with pytest.raises(ValueError, match='layer="layer9".*layer4'):
        MODELS.build(
            dict(
                type='VideoFeatureExtractor',
                backbone=tiny_r3d,
                layer='layer9'))
    with pytest.raises(ValueError, match='spatial_pool="sum"'):
        MODELS.build(
            dict(
                type='VideoFeatureExtractor',
                backbone=tiny_r3d,
                spatial_pool='sum'))
    model = MODELS.build(
        dict(type='VideoFeatureExtractor', backbone=echo_backbone))
    with pytest.raises(ValueError, match='mode "loss"'):
        model(torch.zeros(1, 1, 2, 2, 2, 2), mode='loss')
    with pytest.raises(ValueError, match=r'got shape \(2, 2, 2\)'):
        model(torch.zeros(2, 2, 2))


def test_checkpoint_is_loaded_into_the_backbone(tmp_path, tiny_r3d):
    source = MODELS.build(
        dict(type='VideoFeatureExtractor', backbone=tiny_r3d))
    state_dict = {
        f'backbone.{key}': value + 1
        for key, value in source.backbone.state_dict().items()
    }
    path = str(tmp_path / 'epoch_1.pth')
    torch.save(dict(state_dict=state_dict), path)
    model = MODELS.build(
        dict(
            type='VideoFeatureExtractor',
            backbone=tiny_r3d,
            backbone_checkpoint=path))
    torch.testing.assert_close(model.backbone.conv1.conv.weight,
                               source.backbone.conv1.conv.weight + 1)
    model.init_weights()
    torch.testing.assert_close(model.backbone.conv1.conv.weight,
                               source.backbone.conv1.conv.weight + 1)
    state_dict['backbone.extra.weight'] = torch.zeros(1)
    torch.save(dict(state_dict=state_dict), path)
    with pytest.raises(KeyError, match=r"unexpected keys: \['extra.weight'\]"):
        MODELS.build(
            dict(
                type='VideoFeatureExtractor',
                backbone=tiny_r3d,
                backbone_checkpoint=path))
