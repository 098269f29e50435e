import pytest
import torch

from mmssl.models.losses import InfoNCELoss, info_nce
from mmssl.registry import MODELS

QUERY = torch.tensor([[1.0, 0.0], [0.0, 1.0]])
POSITIVE = torch.tensor([[0.6, 0.8], [0.0, 1.0]])
NEGATIVES = torch.tensor([[0.0, 1.0], [1.0, 0.0]])


def test_info_nce_matches_hand_computed_cross_entropy():
    # Sample 0: logits [0.6, 0, 1] -> log(e^0.6 + 1 + e) - 0.6 = 1.112067.
    # Sample 1: logits [1, 1, 0] -> log(2e + 1) - 1 = 0.861995.
    loss = info_nce(QUERY[:1], POSITIVE[:1], NEGATIVES, temperature=1.0)
    assert loss.item() == pytest.approx(1.112067, abs=1e-5)
    loss = info_nce(QUERY, POSITIVE, NEGATIVES, temperature=1.0)
    assert loss.item() == pytest.approx((1.112067 + 0.861995) / 2, abs=1e-5)


def test_without_negatives_the_other_positives_are_the_negatives():
    # Sample 0: logits [q0.p0, q0.p1] = [0.6, 0], target 0 -> 0.437488.
    # Sample 1: logits [q1.p0, q1.p1] = [0.8, 1], target 1 -> 0.598138.
    loss = info_nce(QUERY, POSITIVE, None, temperature=1.0)
    assert loss.item() == pytest.approx((0.437488 + 0.598138) / 2, abs=1e-5)


def test_temperature_scales_the_logits():
    # Sample 0 at T = 0.5: logits [1.2, 0, 2] -> 1.260373.
    loss = info_nce(QUERY[:1], POSITIVE[:1], NEGATIVES, temperature=0.5)
    assert loss.item() == pytest.approx(1.260373, abs=1e-5)


def test_module_applies_weight_and_temperature():
    module = MODELS.build(
        dict(type='InfoNCELoss', temperature=0.5, loss_weight=2.0))
    assert isinstance(module, InfoNCELoss)
    loss = module(QUERY[:1], POSITIVE[:1], NEGATIVES)
    assert loss.item() == pytest.approx(2 * 1.260373, abs=1e-5)


def test_gradient_pulls_the_query_towards_the_positive():
    query = QUERY[:1].clone().requires_grad_(True)
    info_nce(query, POSITIVE[:1], NEGATIVES).backward()
    # Descending the gradient raises q.p relative to the negatives.
    assert (query.grad @ POSITIVE[0]).item() < 0
