import numpy as np
import pytest
import torch
from mmaction.structures import ActionDataSample

from mmssl.models.losses import transformation_ranking_loss
from mmssl.registry import MODELS


def identity_head(**kwargs):
    """A linear head with identity weights: the features are the scores."""
    head = MODELS.build(
        dict(
            type='TransformationHead',
            name='temporal',
            label_key='temporal_labels',
            num_classes=3,
            in_channels=3,
            **kwargs))
    linear = head.layers[-1]
    with torch.no_grad():
        linear.weight.copy_(torch.eye(3))
        linear.bias.zero_()
    return head


def samples(labels):
    return [
        ActionDataSample(temporal_labels=torch.tensor(row)) for row in labels
    ]


# argmax per clip: video 0 -> [0, 1, 1], video 1 -> [0, 1, 2]; 4 of 6 right
FEATS = torch.tensor([[[2.0, 0.5, 0.0], [1.0, 1.5, 0.2], [0.0, 1.0, 0.4]],
                      [[3.0, 0.0, 0.0], [0.0, 2.0, 1.0], [0.0, 0.0, 1.0]]])
LABELS = [[0, 1, 2], [0, 2, 2]]


def test_loss_and_per_clip_accuracy():
    losses = identity_head().loss(FEATS, samples(LABELS))
    assert set(losses) == {'loss_temporal', 'acc_temporal'}
    assert losses['acc_temporal'].item() == pytest.approx(4 / 6)
    expected = transformation_ranking_loss(FEATS, torch.tensor(LABELS))
    assert losses['loss_temporal'].item() == pytest.approx(expected.item())


def test_classification_loss_from_config():
    head = identity_head(loss=dict(type='MultiClipCrossEntropyLoss'))
    losses = head.loss(FEATS, samples(LABELS))
    expected = torch.nn.functional.cross_entropy(
        FEATS.flatten(0, 1), torch.tensor(LABELS).flatten())
    assert losses['loss_temporal'].item() == pytest.approx(expected.item())


def test_labels_from_metainfo_arrays():
    data_samples = [
        ActionDataSample(metainfo=dict(temporal_labels=np.array(row)))
        for row in LABELS
    ]
    acc = identity_head().loss(FEATS, data_samples)['acc_temporal']
    assert acc.item() == pytest.approx(4 / 6)


def test_mlp_head_shapes():
    head = MODELS.build(
        dict(
            type='TransformationHead',
            name='spatial',
            label_key='rotation_labels',
            num_classes=4,
            in_channels=8,
            mlp_hidden=16,
            dropout=0.5))
    assert [type(m).__name__ for m in head.layers] == \
        ['Dropout', 'Linear', 'ReLU', 'Linear']
    assert head(torch.randn(2, 3, 8)).shape == (2, 3, 4)


def test_missing_label_key_names_it():
    with pytest.raises(KeyError, match='temporal_labels'):
        identity_head().loss(FEATS, [ActionDataSample()] * 2)


@pytest.mark.parametrize('labels,match',
                         [([[0, 1], [0, 1]], 'shape'),
                          ([[0, 1, 3], [0, 1, 2]], r'\[0, 3\)')])
def test_bad_labels_are_reported(labels, match):
    with pytest.raises(ValueError, match=match):
        identity_head().loss(FEATS, samples(labels))
