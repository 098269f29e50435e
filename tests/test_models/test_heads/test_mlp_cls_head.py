import math

import pytest
import torch
from mmaction.structures import ActionDataSample

from mmssl.models.heads import MLPClsHead
from mmssl.registry import MODELS


def samples(labels):
    data_samples = []
    for label in labels:
        sample = ActionDataSample()
        sample.set_gt_labels(torch.tensor([label]))
        data_samples.append(sample)
    return data_samples


@pytest.fixture
def tiny_head():
    """in 2 -> hidden 2 -> 2 classes with hand-set weights, dropout off."""
    head = MLPClsHead(
        num_classes=2,
        in_channels=2,
        hidden_channels=2,
        dropout_ratio=0,
        topk=(1, ))
    with torch.no_grad():
        head.fc_hidden.weight.copy_(torch.tensor([[1., 0.], [1., 1.]]))
        head.fc_hidden.bias.zero_()
        head.fc_cls.weight.copy_(torch.tensor([[1., -1.], [0., 2.]]))
        head.fc_cls.bias.copy_(torch.tensor([0.5, 0.]))
    return head


def test_pools_feature_maps_then_applies_the_mlp(tiny_head):
    # Channel means 2 and -1 -> hidden relu([2, 1]) -> scores [1.5, 2].
    maps = torch.tensor([1., 3., -2., 0.]).view(1, 2, 1, 2, 1)
    assert torch.allclose(tiny_head(maps), torch.tensor([[1.5, 2.]]))
    vectors = torch.tensor([[2., -1.], [-3., 1.]])
    # Second row: hidden relu([-3, -2]) = 0 -> scores = bias.
    assert torch.allclose(
        tiny_head(vectors), torch.tensor([[1.5, 2.], [0.5, 0.]]))


def test_loss_is_cross_entropy_of_the_scores(tiny_head):
    losses = tiny_head.loss(torch.tensor([[2., -1.]]), samples([1]))
    # -log softmax([1.5, 2])[1] = log(1 + exp(-0.5))
    assert losses['loss_cls'].item() == pytest.approx(
        math.log(1 + math.exp(-0.5)), abs=1e-6)
    assert losses['top1_acc'].item() == 1.0


def test_predict_averages_clip_probabilities(tiny_head):
    tiny_head.average_clips = 'prob'
    feats = torch.tensor([[2., -1.], [1., 0.]])  # two clips of one video
    predicted = tiny_head.predict(feats, samples([0]))[0]
    # Second clip: hidden relu([1, 1]) -> scores [0.5, 2].
    probs = torch.softmax(torch.tensor([[1.5, 2.], [0.5, 2.]]), dim=1)
    assert torch.allclose(predicted.pred_scores.item, probs.mean(0))
    assert predicted.pred_labels.item.tolist() == [1]


def test_rejects_features_of_the_wrong_width(tiny_head):
    with pytest.raises(ValueError, match='2 input channels'):
        tiny_head(torch.zeros(1, 3))


def test_built_from_config_and_trained_lowers_the_loss():
    torch.manual_seed(0)
    head = MODELS.build(dict(type='MLPClsHead', num_classes=7, in_channels=16))
    head.init_weights()
    assert head.fc_hidden.out_features == 512
    assert head.fc_cls.weight.std().item() == pytest.approx(0.01, rel=0.1)
    feats = torch.randn(14, 16, 2, 1, 1)
    data_samples = samples(list(range(7)) * 2)
    head.eval()  # no dropout noise in the comparison
    first = head.loss(feats, data_samples)['loss_cls'].item()
    optimizer = torch.optim.SGD(head.parameters(), lr=0.1)
    head.train()
    for _ in range(20):
        optimizer.zero_grad()
        head.loss(feats, data_samples)['loss_cls'].backward()
        optimizer.step()
    head.eval()
    assert head.loss(feats, data_samples)['loss_cls'].item() < first - 0.5
