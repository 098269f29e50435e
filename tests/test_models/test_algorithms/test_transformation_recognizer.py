import copy

import pytest
import torch
from mmaction.structures import ActionDataSample
from mmengine.optim import OptimWrapper

from mmssl.models.algorithms import speediness_weights
from mmssl.models.losses import transformation_ranking_loss
from mmssl.registry import MODELS

FEAT_DIM = 32  # res4 of the tiny_r3d fixture
SPEED_RATES = [1, 2, 4, None]  # 1x, 2x, 4x, reverse


def temporal_head(loss):
    return dict(
        type='TransformationHead',
        label_key='temporal_labels',
        num_classes=4,
        in_channels=FEAT_DIM,
        loss=loss)


def transformation_model(backbone,
                         loss=dict(type='TransformationRankingLoss'),
                         **extra_heads):
    return dict(
        type='TransformationRecognizer',
        backbone=backbone,
        heads=dict(temporal=temporal_head(loss), **extra_heads),
        speediness=dict(head='temporal', rates=SPEED_RATES),
        data_preprocessor=dict(
            type='ActionDataPreprocessor',
            mean=[114.75, 114.75, 114.75],
            std=[57.375, 57.375, 57.375],
            format_shape='NCTHW'))


ROTATION_HEAD = dict(
    type='TransformationHead',
    label_key='rotation_labels',
    num_classes=4,
    in_channels=FEAT_DIM,
    mlp_hidden=32,
    loss=dict(type='TransformationRankingLoss', loss_weight=0.5))


def batch(seed=0):
    """Two videos of four clips (3, 8, 32, 32) with temporal and rotation
    labels."""
    gen = torch.Generator().manual_seed(seed)
    inputs = [
        torch.randint(0, 256, (4, 3, 8, 32, 32), generator=gen,
                      dtype=torch.uint8) for _ in range(2)
    ]
    data_samples = [
        ActionDataSample(
            temporal_labels=torch.randperm(4, generator=gen),
            rotation_labels=torch.randperm(4, generator=gen))
        for _ in range(2)
    ]
    return dict(inputs=inputs, data_samples=data_samples)


@pytest.fixture
def ranking_model(tiny_r3d):
    torch.manual_seed(0)
    model = MODELS.build(transformation_model(tiny_r3d))
    model.init_weights()
    return model


def test_transrank_and_transcls_differ_only_by_loss(tiny_r3d):
    rank = MODELS.build(transformation_model(tiny_r3d))
    cls = MODELS.build(
        transformation_model(
            tiny_r3d, loss=dict(type='MultiClipCrossEntropyLoss')))
    rank_shapes = {k: v.shape for k, v in rank.state_dict().items()}
    cls_shapes = {k: v.shape for k, v in cls.state_dict().items()}
    assert rank_shapes == cls_shapes
    assert 'heads.temporal.layers.0.weight' in rank_shapes
    assert type(rank.heads.temporal.loss_module).__name__ == \
        'TransformationRankingLoss'
    assert type(cls.heads.temporal.loss_module).__name__ == \
        'MultiClipCrossEntropyLoss'


def test_loss_mode(ranking_model):
    data = ranking_model.data_preprocessor(batch(), training=True)
    assert data['inputs'].shape == (2, 4, 3, 8, 32, 32)
    ranking_model.eval()
    losses = ranking_model(**data, mode='loss')
    assert set(losses) == {'loss_temporal', 'acc_temporal'}
    scores = ranking_model.heads.temporal(
        ranking_model(data['inputs'], mode='tensor'))
    labels = torch.stack([s.temporal_labels for s in data['data_samples']])
    expected = transformation_ranking_loss(scores, labels)
    assert losses['loss_temporal'].item() == pytest.approx(expected.item())
    accuracy = (scores.argmax(-1) == labels).float().mean()
    assert losses['acc_temporal'].item() == pytest.approx(accuracy.item())


def test_predict_and_tensor_modes(ranking_model):
    data = ranking_model.data_preprocessor(batch(), training=False)
    ranking_model.eval()
    with torch.no_grad():
        feats = ranking_model(data['inputs'], mode='tensor')
        results = ranking_model(**data, mode='predict')
    assert feats.shape == (2, 4, FEAT_DIM)
    scores = ranking_model.heads.temporal(feats)
    weights = torch.tensor([-1.0, 0.0, 1.0, 0.0])
    for index, sample in enumerate(results):
        assert sample.temporal_scores.shape == (4, 4)
        torch.testing.assert_close(sample.temporal_scores, scores[index])
        torch.testing.assert_close(sample.speediness,
                                   scores[index] @ weights)
        assert sample.temporal_labels.shape == (4, )


def test_speediness_weights_are_centred_log_rates():
    weights = speediness_weights([1, 2, 4, 8, None])
    assert weights.tolist() == [-1.5, -0.5, 0.5, 1.5, 0.0]
    scores = torch.randn(3, 5)
    torch.testing.assert_close((scores + 7.0) @ weights, scores @ weights)


@pytest.mark.parametrize('rates,match', [([1, None, None, None], 'two'),
                                         ([1, 2, 4], 'one per class')])
def test_bad_speediness_rates(rates, match, tiny_r3d):
    cfg = transformation_model(tiny_r3d)
    cfg['speediness'] = dict(head='temporal', rates=rates)
    with pytest.raises(ValueError, match=match):
        MODELS.build(cfg)


def test_rejects_inputs_without_clip_axis(ranking_model):
    with pytest.raises(ValueError, match=r'\(B, N, C, T, H, W\)'):
        ranking_model(torch.zeros(2, 3, 8, 32, 32), mode='tensor')


def test_transrank_st_sums_weighted_heads(tiny_r3d):
    torch.manual_seed(0)
    model = MODELS.build(
        transformation_model(tiny_r3d, spatial=ROTATION_HEAD))
    model.eval()
    data = model.data_preprocessor(batch(), training=True)
    losses = model(**data, mode='loss')
    assert set(losses) == {
        'loss_temporal', 'acc_temporal', 'loss_spatial', 'acc_spatial'
    }
    feats = model(data['inputs'], mode='tensor')
    labels = torch.stack([s.rotation_labels for s in data['data_samples']])
    expected = 0.5 * transformation_ranking_loss(
        model.heads.spatial(feats), labels)
    assert losses['loss_spatial'].item() == pytest.approx(expected.item())
    total, _ = model.parse_losses(losses)
    assert total.item() == pytest.approx(
        (losses['loss_temporal'] + losses['loss_spatial']).item())
    results = model(**data, mode='predict')
    assert results[0].spatial_scores.shape == (4, 4)


@pytest.mark.parametrize('loss', [
    dict(type='TransformationRankingLoss'),
    dict(type='MultiClipCrossEntropyLoss')
])
def test_sgd_steps_lower_the_loss(loss, tiny_r3d):
    torch.manual_seed(0)
    model = MODELS.build(
        transformation_model(tiny_r3d, loss, spatial=ROTATION_HEAD))
    model.init_weights()
    optim = OptimWrapper(torch.optim.SGD(model.parameters(), lr=0.1,
                                         momentum=0.9))
    data = batch()
    history = [
        model.train_step(copy.deepcopy(data), optim)['loss'].item()
        for _ in range(8)
    ]
    assert history[-1] < 0.7 * history[0], history
