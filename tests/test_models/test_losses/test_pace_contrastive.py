import math

import pytest
import torch
import torch.nn.functional as F

from mmssl.errors import ConfigValueError
from mmssl.models.losses import (SameContextContrastiveLoss,
                                 SamePaceContrastiveLoss,
                                 same_context_contrastive_loss,
                                 same_pace_contrastive_loss)
from mmssl.registry import MODELS


def reference_anchor_term(rows, anchor, positive, temperature):
    """-log(exp(s_ap) / sum_{b != a} exp(s_ab)) with python floats."""

    def sim(i, j):
        return sum(x * y for x, y in zip(rows[i], rows[j])) / temperature

    denominator = sum(
        math.exp(sim(anchor, other)) for other in range(len(rows))
        if other != anchor)
    return math.log(denominator) - sim(anchor, positive)


def reference_same_context(z, z_prime, temperature):
    rows = z.tolist() + z_prime.tolist()
    num = len(z)
    terms = [
        reference_anchor_term(rows, a, (a + num) % (2 * num), temperature)
        for a in range(2 * num)
    ]
    return sum(terms) / len(terms)


def reference_same_pace(z, labels, temperature):
    rows, labels = z.tolist(), labels.tolist()
    terms = [
        reference_anchor_term(rows, i, j, temperature)
        for i in range(len(rows)) for j in range(len(rows))
        if j != i and labels[j] == labels[i]
    ]
    return sum(terms) / len(terms) if terms else 0.0


def unit(shape, seed):
    generator = torch.Generator().manual_seed(seed)
    return F.normalize(torch.randn(shape, generator=generator), dim=1)


EYE = torch.tensor([[1.0, 0.0], [0.0, 1.0]])


def test_same_context_hand_example():
    # Embeddings e = [x, y, x, y]: each anchor sees its pair at s = 1/tau
    # and two orthogonal clips at s = 0.
    loss = same_context_contrastive_loss(EYE, EYE, temperature=1.0)
    assert loss.item() == pytest.approx(math.log(math.e + 2) - 1, abs=1e-6)
    loss = same_context_contrastive_loss(EYE, EYE, temperature=0.5)
    assert loss.item() == pytest.approx(
        math.log(math.exp(2) + 2) - 2, abs=1e-6)


def test_same_context_matches_loop_reference():
    z, z_prime = unit((5, 8), 0), unit((5, 8), 1)
    loss = same_context_contrastive_loss(z.double(), z_prime.double(), 0.2)
    assert loss.dtype == torch.float64
    assert loss.item() == pytest.approx(
        reference_same_context(z, z_prime, 0.2), abs=1e-10)


def test_same_context_one_video_has_only_its_positive():
    # Two embeddings: the denominator is the positive alone.
    loss = same_context_contrastive_loss(EYE[:1], EYE[1:], 0.1)
    assert loss.item() == pytest.approx(0.0, abs=1e-7)


def test_same_pace_hand_example():
    z = torch.tensor([[1.0, 0.0], [0.0, 1.0], [1.0, 0.0], [0.6, 0.8]])
    labels = torch.tensor([0, 1, 0, 1])
    # Pairs (0, 2) and (2, 0): others at s = 1, 0, 0.6.
    pair_02 = math.log(math.e + 1 + math.exp(0.6)) - 1
    # Pair (1, 3): others at s = 0, 0, 0.8.
    pair_13 = math.log(2 + math.exp(0.8)) - 0.8
    # Pair (3, 1): others at s = 0.6, 0.8, 0.6.
    pair_31 = math.log(2 * math.exp(0.6) + math.exp(0.8)) - 0.8
    expected = (2 * pair_02 + pair_13 + pair_31) / 4
    assert expected == pytest.approx(0.758774, abs=1e-6)
    loss = same_pace_contrastive_loss(z, labels, temperature=1.0)
    assert loss.item() == pytest.approx(expected, abs=1e-6)


def test_same_pace_matches_loop_reference():
    z = unit((9, 6), 2).double()
    labels = torch.tensor([0, 1, 2, 0, 1, 0, 3, 2, 0])
    loss = same_pace_contrastive_loss(z, labels, 0.3)
    assert loss.item() == pytest.approx(
        reference_same_pace(z, labels, 0.3), abs=1e-10)


def test_anchor_without_positive_is_only_a_negative():
    z = unit((4, 6), 3).double()
    labels = torch.tensor([0, 0, 1, 1])
    extra = unit((1, 6), 4).double()
    with_extra = same_pace_contrastive_loss(
        torch.cat([z, extra]), torch.tensor([0, 0, 1, 1, 7]), 0.5)
    # Still the mean over the 4 pairs of the first four clips, each
    # denominator now with the extra clip as a negative.
    assert with_extra.item() == pytest.approx(
        reference_same_pace(
            torch.cat([z, extra]), torch.tensor([0, 0, 1, 1, 7]), 0.5),
        abs=1e-10)
    assert with_extra.item() > same_pace_contrastive_loss(z, labels,
                                                          0.5).item()


@pytest.mark.parametrize('num', [1, 4])
def test_same_pace_without_positive_pairs_is_zero_with_zero_gradient(num):
    z = unit((num, 3), 5).requires_grad_(True)
    loss = same_pace_contrastive_loss(z, torch.arange(num), 0.1)
    assert loss.item() == 0.0
    loss.backward()
    assert torch.equal(z.grad, torch.zeros_like(z))


def test_large_logits_stay_finite():
    # s / tau up to 100: a naive exp overflows float32 (beyond 88.7).
    z, z_prime = unit((3, 4), 6), unit((3, 4), 7)
    context = same_context_contrastive_loss(z, z_prime, 1e-2)
    pace = same_pace_contrastive_loss(z, torch.tensor([0, 0, 1]), 1e-2)
    assert math.isfinite(context.item()) and math.isfinite(pace.item())
    assert context.item() == pytest.approx(
        reference_same_context(z.double(), z_prime.double(), 1e-2),
        rel=1e-4)


def test_half_precision_input_gives_a_float32_loss():
    z, z_prime = unit((4, 8), 8), unit((4, 8), 9)
    labels = torch.tensor([0, 1, 0, 1])
    for loss, full in (
        (same_context_contrastive_loss(z.half(), z_prime.half(), 0.1),
         same_context_contrastive_loss(z, z_prime, 0.1)),
        (same_pace_contrastive_loss(z.bfloat16(), labels, 0.1),
         same_pace_contrastive_loss(z, labels, 0.1)),
    ):
        assert loss.dtype == torch.float32
        assert loss.item() == pytest.approx(full.item(), rel=2e-2)


@pytest.mark.skipif(not torch.cuda.is_available(), reason='needs CUDA')
def test_cuda_matches_cpu():
    z, z_prime = unit((6, 8), 10), unit((6, 8), 11)
    labels = torch.tensor([0, 1, 0, 2, 1, 3])
    assert same_context_contrastive_loss(
        z.cuda(), z_prime.cuda(), 0.1).item() == pytest.approx(
            same_context_contrastive_loss(z, z_prime, 0.1).item(), rel=1e-5)
    assert same_pace_contrastive_loss(
        z.cuda(), labels.cuda(), 0.1).item() == pytest.approx(
            same_pace_contrastive_loss(z, labels, 0.1).item(), rel=1e-5)


def test_modules_apply_weight_and_temperature():
    z, z_prime = unit((4, 8), 12), unit((4, 8), 13)
    labels = torch.tensor([0, 1, 1, 0])
    context = MODELS.build(
        dict(type='SameContextContrastiveLoss', temperature=0.2,
             loss_weight=0.5))
    pace = MODELS.build(
        dict(type='SamePaceContrastiveLoss', temperature=0.2,
             loss_weight=3.0))
    assert isinstance(context, SameContextContrastiveLoss)
    assert isinstance(pace, SamePaceContrastiveLoss)
    assert context(z, z_prime).item() == pytest.approx(
        0.5 * reference_same_context(z, z_prime, 0.2), rel=1e-5)
    assert pace(z, labels).item() == pytest.approx(
        3.0 * reference_same_pace(z, labels, 0.2), rel=1e-5)


@pytest.mark.parametrize('loss_type', [
    'SameContextContrastiveLoss', 'SamePaceContrastiveLoss'])
def test_non_positive_temperature_is_a_config_error(loss_type):
    with pytest.raises(ConfigValueError, match='temperature=0'):
        MODELS.build(dict(type=loss_type, temperature=0))


def test_shape_errors_name_the_shapes():
    with pytest.raises(ValueError, match=r'\(3, 2\) and \(2, 2\)'):
        same_context_contrastive_loss(unit((3, 2), 0), EYE, 0.1)
    with pytest.raises(ValueError, match=r'pace_labels must be \(2,\)'):
        same_pace_contrastive_loss(EYE, torch.tensor([0, 1, 2]), 0.1)


def optimise(loss_fn, steps=5, seed=14):
    """Loss before and after ``steps`` SGD steps on free embeddings."""
    raw = torch.nn.Parameter(torch.randn(
        (8, 4), generator=torch.Generator().manual_seed(seed)))
    optimizer = torch.optim.SGD([raw], lr=0.5)
    losses = []
    for _ in range(steps + 1):
        loss = loss_fn(F.normalize(raw, dim=1))
        losses.append(loss.item())
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    return losses[0], losses[-1]


def test_optimiser_steps_lower_the_same_context_loss():
    module = SameContextContrastiveLoss(temperature=0.5)
    first, last = optimise(lambda z: module(z[:4], z[4:]))
    assert last < 0.9 * first


def test_optimiser_steps_lower_the_same_pace_loss():
    module = SamePaceContrastiveLoss(temperature=0.5)
    labels = torch.tensor([0, 1, 2, 3, 0, 1, 2, 3])
    first, last = optimise(lambda z: module(z, labels))
    assert last < 0.9 * first
