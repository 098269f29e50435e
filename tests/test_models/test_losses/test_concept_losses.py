"""Losses of Static and Dynamic Concepts, by value on tiny tensors."""
import math

import pytest
import torch

from mmssl.models.losses import (ConceptEntropyLoss, LocalConceptLoss,
                                 NegativeCosineLoss, SwappedPredictionLoss,
                                 concept_entropy_loss, local_concept_loss,
                                 negative_cosine_loss, sinkhorn,
                                 swapped_prediction_loss)


def descend(loss_fn, param, steps=20, lr=0.1):
    """Loss before and after ``steps`` SGD steps on ``param``."""
    optimizer = torch.optim.SGD([param], lr=lr)
    first = loss_fn().item()
    for _ in range(steps):
        optimizer.zero_grad()
        loss_fn().backward()
        optimizer.step()
    return first, loss_fn().item()


def test_swapped_prediction_by_hand():
    # View 0 predicts softmax([0, 0]) = [1/2, 1/2]; view 1 predicts
    # softmax([ln 3, 0]) = [3/4, 1/4] at temperature 0.1.
    scores = torch.tensor([[[0.0, 0.0], [0.1 * math.log(3), 0.0]]])
    targets = torch.tensor([[[1.0, 0.0], [0.5, 0.5]]])
    # Targets of view 0 under view 1: -ln 3/4; of view 1 under view 0: ln 2.
    expected = (-math.log(0.75) + math.log(2)) / 2
    assert swapped_prediction_loss(scores, targets).item() == pytest.approx(
        expected, abs=1e-6)
    module = SwappedPredictionLoss(temperature=0.1, loss_weight=2.0)
    assert module(scores, targets).item() == pytest.approx(
        2 * expected, abs=1e-6)


def test_swapped_prediction_falls_with_sinkhorn_targets():
    generator = torch.Generator().manual_seed(0)
    scores = torch.randn((8, 3, 6), generator=generator).requires_grad_()

    def loss():
        targets = torch.stack(
            [sinkhorn(scores[:, i].detach()) for i in range(3)], dim=1)
        return swapped_prediction_loss(scores, targets)

    first, last = descend(loss, scores)
    assert last < 0.5 * first


def test_swapped_prediction_needs_two_views():
    with pytest.raises(ValueError, match='n >= 2'):
        swapped_prediction_loss(torch.zeros(2, 1, 3), torch.zeros(2, 1, 3))


def test_negative_cosine_by_hand_and_stop_gradient():
    prediction = torch.tensor([[1.0, 0.0], [0.0, 2.0]], requires_grad=True)
    target = torch.tensor([[1.0, 1.0], [0.0, 3.0]], requires_grad=True)
    loss = negative_cosine_loss(prediction, target)
    assert loss.item() == pytest.approx(-(1 / math.sqrt(2) + 1) / 2)
    loss.backward()
    assert target.grad is None and prediction.grad is not None
    first, last = descend(
        lambda: NegativeCosineLoss()(prediction, target), prediction)
    assert first == pytest.approx(loss.item())
    assert last < first - 0.1


def test_concept_entropy_by_hand():
    uniform = torch.zeros(2, 4)
    assert concept_entropy_loss(uniform).item() == pytest.approx(0, abs=1e-6)
    # softmax([ln 3, 0]) = [3/4, 1/4]: KL from uniform by hand.
    scores = torch.tensor([[0.1 * math.log(3), 0.0]])
    expected = 0.75 * math.log(1.5) + 0.25 * math.log(0.5)
    assert concept_entropy_loss(scores).item() == pytest.approx(
        expected, abs=1e-6)
    # One-hot at a low temperature: close to log K.
    peaked = torch.tensor([[1.0, 0.0, 0.0, 0.0]])
    assert concept_entropy_loss(peaked, temperature=0.01).item() == \
        pytest.approx(math.log(4), abs=1e-3)
    assert ConceptEntropyLoss()(scores).item() == pytest.approx(
        0.1 * expected, abs=1e-6)


def test_concept_entropy_falls():
    generator = torch.Generator().manual_seed(1)
    scores = (0.2 * torch.randn((4, 5), generator=generator)).requires_grad_()
    first, last = descend(lambda: concept_entropy_loss(scores), scores,
                          lr=0.01)
    assert last < 0.5 * first


def test_local_concept_loss_by_hand():
    # Two videos, one concept: query 0 matches its key, query 1 is
    # orthogonal to its key and identical to the other video's key.
    query = torch.tensor([[[1.0, 0.0]], [[0.0, 1.0]]])
    key = torch.tensor([[[1.0, 0.0]], [[1.0, 0.0]]])
    valid = torch.ones(2, 1, dtype=torch.bool)
    positive = 1e-5 + (2 + 1e-5)
    negative = (1.4 - math.sqrt(1e-5))**2 + 0.0  # (1.4 - sqrt(2))_+ = 0
    expected = (positive + negative) / 2
    assert local_concept_loss(query, key, valid).item() == pytest.approx(
        expected, abs=1e-5)
    # Only video 0 valid: its positive and its negative against video 1.
    only_first = torch.tensor([[True], [False]])
    assert local_concept_loss(query, key, only_first).item() == \
        pytest.approx(1e-5 + (1.4 - math.sqrt(1e-5))**2, abs=1e-5)
    none = torch.zeros(2, 1, dtype=torch.bool)
    assert local_concept_loss(query, key, none).item() == 0


def test_local_concept_loss_falls_on_valid_concepts():
    generator = torch.Generator().manual_seed(2)
    query = torch.randn((4, 6, 8), generator=generator).requires_grad_()
    key = torch.randn((4, 6, 8), generator=generator)
    valid = torch.rand((4, 6), generator=generator) > 0.5
    module = LocalConceptLoss(margin=1.4)
    first, last = descend(lambda: module(query, key, valid), query, lr=0.5)
    assert last < 0.75 * first
    # Concepts that are not valid get no gradient.
    query.grad = None
    module(query, key, valid).backward()
    assert query.grad[~valid].abs().max().item() == 0
    assert query.grad[valid].abs().max().item() > 0
