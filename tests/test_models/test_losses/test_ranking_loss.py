import math

import pytest
import torch

from mmssl.models.losses import transformation_ranking_loss
from mmssl.registry import MODELS

# Rows are clips, columns transformations; clip i underwent transformation i.
SCORES = torch.tensor([[2.0, 0.5, 0.0],
                       [1.0, 1.5, 0.2],
                       [0.0, 1.0, 0.4]])
# Active hinges (margin 1): (j=1, i=2) 0.5, (j=2, i=0) 0.6, (j=2, i=1) 0.8.
EXPECTED = (0.5 + 0.6 + 0.8) / 6


def test_hand_computed_value():
    loss = transformation_ranking_loss(SCORES[None], torch.arange(3)[None])
    assert loss.item() == pytest.approx(EXPECTED)


def test_clip_order_does_not_matter():
    order = torch.tensor([2, 0, 1])
    loss = transformation_ranking_loss(SCORES[order][None], order[None])
    assert loss.item() == pytest.approx(EXPECTED)


def test_batch_mean_over_all_pairs():
    scores = torch.stack([SCORES, 5 * torch.eye(3)])
    loss = transformation_ranking_loss(scores, torch.arange(3).repeat(2, 1))
    assert loss.item() == pytest.approx(EXPECTED / 2)


def test_repeated_labels_only_rank_against_other_labels():
    scores = torch.tensor([[[1.0, 0.0], [0.2, 0.5], [0.5, 0.3]]])
    # pairs (p, q): (0, 2) 0.5, (1, 2) 1.3, (2, 0) 0.7, (2, 1) 1.2
    loss = transformation_ranking_loss(scores, torch.tensor([[0, 0, 1]]))
    assert loss.item() == pytest.approx(3.7 / 4)


def test_no_valid_pair_gives_zero_with_gradient():
    scores = torch.randn(2, 3, 4, requires_grad=True)
    loss = transformation_ranking_loss(scores, torch.ones(2, 3).long())
    loss.backward()
    assert loss.item() == 0
    assert torch.equal(scores.grad, torch.zeros(2, 3, 4))


def test_gradient_raises_own_score_and_lowers_others():
    scores = SCORES[None].clone().requires_grad_()
    transformation_ranking_loss(scores, torch.arange(3)[None]).backward()
    grad = scores.grad[0]
    # d loss / d S[j, j] = -(active hinges in column j) / 6
    assert grad.diagonal().tolist() == pytest.approx([0, -1 / 6, -2 / 6])
    assert grad[2, 1].item() == pytest.approx(1 / 6)
    assert grad[0, 2].item() == pytest.approx(1 / 6)
    assert grad[1, 0].item() == 0
    # a small step on S[2, 2] lowers the loss by |grad| * step
    raised = SCORES.clone()
    raised[2, 2] += 0.1
    lower = transformation_ranking_loss(raised[None], torch.arange(3)[None])
    assert lower.item() == pytest.approx(EXPECTED - 0.2 / 6)


@pytest.mark.parametrize('margin,expected', [(1.0, 0.0), (6.0, 1.0)])
def test_margin(margin, expected):
    loss = transformation_ranking_loss(
        5 * torch.eye(3)[None], torch.arange(3)[None], margin=margin)
    assert loss.item() == pytest.approx(expected)


def test_module_from_config_applies_margin_and_weight():
    loss = MODELS.build(
        dict(type='TransformationRankingLoss', margin=2.0, loss_weight=0.5))
    value = loss(SCORES[None], torch.arange(3)[None])
    # margin 2 hinges: j=0: 0, 1; j=1: 1, 1.5; j=2: 1.6, 1.8
    assert value.item() == pytest.approx(0.5 * 6.9 / 6)


def test_multi_clip_cross_entropy_flattens_clips():
    loss = MODELS.build(dict(type='MultiClipCrossEntropyLoss'))
    scores = torch.zeros(2, 3, 4)
    scores[0, 0, 1] = math.log(3.0)  # p(label 1) = 3 / 6 for clip (0, 0)
    labels = torch.ones(2, 3).long()
    expected = (math.log(2) + 5 * math.log(4)) / 6
    assert loss(scores, labels).item() == pytest.approx(expected)
