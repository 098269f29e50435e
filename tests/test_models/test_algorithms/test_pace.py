import math

import pytest
import torch
import torch.nn.functional as F
from mmaction.structures import ActionDataSample
from mmengine.optim import OptimWrapper

from mmssl.errors import ConfigKeyError, ConfigValueError
from mmssl.models.algorithms import PacePrediction
from mmssl.models.losses import (same_context_contrastive_loss,
                                 same_pace_contrastive_loss)
from mmssl.registry import MODELS

FEAT_DIM = 32  # res4 of the tiny_r3d fixture
TEMPERATURE = 0.5
CONTEXT = dict(type='SameContextContrastiveLoss', temperature=TEMPERATURE,
               loss_weight=0.5)
SAME_PACE = dict(type='SamePaceContrastiveLoss', temperature=TEMPERATURE,
                 loss_weight=2.0)


def pace_model(backbone, contrastive_loss=None, **kwargs):
    projection = None if contrastive_loss is None else dict(
        type='ProjectionNeck', in_channels=FEAT_DIM,
        hidden_channels=FEAT_DIM, out_channels=16)
    return dict(
        type='PacePrediction',
        backbone=backbone,
        heads=dict(
            pace=dict(
                type='TransformationHead',
                label_key='temporal_labels',
                num_classes=4,
                in_channels=FEAT_DIM,
                loss=dict(type='MultiClipCrossEntropyLoss'))),
        projection=projection,
        contrastive_loss=contrastive_loss,
        data_preprocessor=dict(
            type='ActionDataPreprocessor',
            mean=[114.75] * 3,
            std=[57.375] * 3,
            format_shape='NCTHW'),
        **kwargs)


def batch(num_videos=4, num_clips=1, seed=0):
    """Videos of ``num_clips`` clips (3, 4, 16, 16) at distinct random
    paces."""
    gen = torch.Generator().manual_seed(seed)
    inputs = [
        torch.randint(0, 256, (num_clips, 3, 4, 16, 16), generator=gen,
                      dtype=torch.uint8) for _ in range(num_videos)
    ]
    data_samples = [
        ActionDataSample(
            temporal_labels=torch.randperm(4, generator=gen)[:num_clips])
        for _ in range(num_videos)
    ]
    return dict(inputs=inputs, data_samples=data_samples)


def build(backbone, contrastive_loss=None):
    torch.manual_seed(0)
    model = MODELS.build(pace_model(backbone, contrastive_loss))
    model.init_weights()
    return model


@pytest.mark.parametrize('loss, num_clips, keys', [
    (None, 1, {'loss_pace', 'acc_pace'}),
    (CONTEXT, 2, {'loss_pace', 'acc_pace', 'loss_contrast'}),
    (SAME_PACE, 1, {'loss_pace', 'acc_pace', 'loss_contrast'}),
])
def test_loss_keys_and_values(tiny_r3d, loss, num_clips, keys):
    model = build(tiny_r3d, loss)
    assert isinstance(model, PacePrediction)
    data = model.data_preprocessor(batch(num_clips=num_clips), True)
    losses = model(**data, mode='loss')
    assert set(losses) == keys
    assert all(math.isfinite(value.item()) for value in losses.values())
    # Cross-entropy of 4 paces from a random init: near log 4.
    assert abs(losses['loss_pace'].item() - math.log(4)) < 0.5


def embeddings_and_labels(model, data):
    """Projected unit embeddings (B, N, D) and pace labels (B, N)."""
    feats = model(data['inputs'], mode='tensor')
    z = model.projection(feats.flatten(0, 1)).unflatten(0, feats.shape[:2])
    labels = torch.stack([s.temporal_labels for s in data['data_samples']])
    return z, labels


def test_same_context_term_is_the_pure_function_of_clip_pairs(tiny_r3d):
    model = build(tiny_r3d, CONTEXT).eval()
    data = model.data_preprocessor(batch(num_videos=3, num_clips=2), False)
    with torch.no_grad():
        losses = model(**data, mode='loss')
        z, _ = embeddings_and_labels(model, data)
    assert z.shape == (3, 2, 16)
    assert torch.allclose(z.norm(dim=-1), torch.ones(3, 2))
    expected = same_context_contrastive_loss(z[:, 0], z[:, 1], TEMPERATURE)
    assert losses['loss_contrast'].item() == pytest.approx(
        0.5 * expected.item(), rel=1e-5)


def test_same_pace_term_uses_the_pace_labels(tiny_r3d):
    model = build(tiny_r3d, SAME_PACE).eval()
    data = model.data_preprocessor(batch(num_videos=6), False)
    with torch.no_grad():
        losses = model(**data, mode='loss')
        z, labels = embeddings_and_labels(model, data)
    expected = same_pace_contrastive_loss(z[:, 0], labels[:, 0], TEMPERATURE)
    assert expected.item() > 0  # the six clips share some paces
    assert losses['loss_contrast'].item() == pytest.approx(
        2.0 * expected.item(), rel=1e-5)
    # The pace classes matter: all clips of one pace is another loss.
    one_pace = torch.zeros(6, dtype=torch.long)
    same = same_pace_contrastive_loss(z[:, 0], one_pace, TEMPERATURE)
    assert abs(same.item() - expected.item()) > 1e-3


@pytest.mark.parametrize('loss, num_clips', [(None, 1), (CONTEXT, 2),
                                             (SAME_PACE, 1)])
def test_optimiser_steps_lower_the_loss(tiny_r3d, loss, num_clips):
    model = build(tiny_r3d, loss)
    optim = OptimWrapper(torch.optim.SGD(model.parameters(), lr=0.05,
                                         momentum=0.9))
    data = batch(num_videos=4, num_clips=num_clips)
    totals = []
    for _ in range(8):
        log = model.train_step(data, optim)
        totals.append(log['loss'].item())
    assert totals[-1] < 0.8 * totals[0]


def test_predict_scores_every_clip(tiny_r3d):
    model = build(tiny_r3d, SAME_PACE).eval()
    data = model.data_preprocessor(batch(num_videos=2, num_clips=4), False)
    with torch.no_grad():
        results = model(**data, mode='predict')
        feats = model(data['inputs'], mode='tensor')
    for index, sample in enumerate(results):
        torch.testing.assert_close(sample.pace_scores,
                                   model.heads.pace(feats[index]))


def test_same_context_with_one_clip_per_video_is_a_config_error(tiny_r3d):
    model = build(tiny_r3d, CONTEXT)
    data = model.data_preprocessor(batch(num_clips=1), True)
    with pytest.raises(ConfigValueError) as error:
        model(**data, mode='loss')
    message = str(error.value)
    assert '\n' not in message
    assert '2 clip(s) per video, got 1' in message
    assert "assign='distinct_random', num_clips=2" in message


@pytest.mark.parametrize('kwargs, error, match', [
    (dict(contrastive_loss=dict(type='InfoNCELoss')), ConfigValueError,
     "contrastive_loss.type='InfoNCELoss'"),
    (dict(projection=dict(type='ProjectionNeck', in_channels=FEAT_DIM)),
     ConfigValueError, 'set both or neither'),
    (dict(pace_head='speed'), ConfigKeyError, 'pace_head="speed"'),
])
def test_bad_configs_name_the_key(tiny_r3d, kwargs, error, match):
    cfg = pace_model(tiny_r3d)
    cfg.update(kwargs)
    if 'contrastive_loss' in kwargs:
        cfg['projection'] = dict(type='ProjectionNeck', in_channels=FEAT_DIM)
    with pytest.raises(error, match=match):
        MODELS.build(cfg)


def test_classification_alone_is_transcls_cross_entropy(tiny_r3d):
    model = build(tiny_r3d).eval()
    data = model.data_preprocessor(batch(num_videos=3, num_clips=2), False)
    with torch.no_grad():
        losses = model(**data, mode='loss')
        scores = model.heads.pace(model(data['inputs'], mode='tensor'))
    labels = torch.stack([s.temporal_labels for s in data['data_samples']])
    expected = F.cross_entropy(scores.flatten(0, 1), labels.flatten())
    assert losses['loss_pace'].item() == pytest.approx(expected.item(),
                                                       rel=1e-5)
