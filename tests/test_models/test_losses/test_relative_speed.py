import pytest
import torch

from mmssl.models.losses import RelativeSpeedLoss, relative_speed_loss
from mmssl.registry import MODELS

Q = torch.tensor([[1.0, 0.0], [0.0, 1.0]])
K_POS = torch.tensor([[0.6, 0.8], [0.0, 1.0]])
K_NEG = torch.tensor([[0.8, 0.6], [1.0, 0.0]])


def test_relative_speed_loss_matches_hand_computed_hinge():
    # Sample 0: gap (0.6 - 0.8) / 0.07 = -2.857143, hinge 2 + 2.857143.
    # Sample 1: gap 1 / 0.07 = 14.29 > margin, hinge 0.
    loss = relative_speed_loss(Q[:1], K_POS[:1], K_NEG[:1])
    assert loss.item() == pytest.approx(4.857143, abs=1e-5)
    loss = relative_speed_loss(Q, K_POS, K_NEG)
    assert loss.item() == pytest.approx(4.857143 / 2, abs=1e-5)


def test_margin_acts_on_temperature_scaled_similarities():
    # Sample 1 at T = 1: gap 1, margin 2 -> hinge 1; with margin 0.5 -> 0.
    assert relative_speed_loss(
        Q[1:], K_POS[1:], K_NEG[1:], temperature=1.0).item() == \
        pytest.approx(1.0)
    assert relative_speed_loss(
        Q[1:], K_POS[1:], K_NEG[1:], margin=0.5, temperature=1.0).item() == 0


def test_module_form_and_weight():
    module = MODELS.build(
        dict(type='RelativeSpeedLoss', margin=2.0, temperature=1.0,
             loss_weight=0.5))
    assert isinstance(module, RelativeSpeedLoss)
    assert module(Q[1:], K_POS[1:], K_NEG[1:]).item() == pytest.approx(0.5)
