import math

import pytest
import torch

from mmssl.models.losses import sinkhorn

# Q0 = exp(scores / epsilon), (K, B) = (4, 3), chosen as small integers.
Q0 = [[1, 2, 1], [1, 1, 1], [2, 1, 1], [4, 4, 2]]


def scores_for(q0, epsilon):
    """(B, K) scores whose exp(scores / epsilon), transposed, is ``q0``."""
    return torch.tensor([[epsilon * math.log(q0[k][b]) for k in range(4)]
                         for b in range(3)], dtype=torch.float64)


def reference_sinkhorn(scores, epsilon, iterations):
    """The procedure of the docstring, step by step with python floats."""
    num_samples, num_prototypes = len(scores), len(scores[0])
    q = [[math.exp(scores[b][k] / epsilon) for b in range(num_samples)]
         for k in range(num_prototypes)]
    total = sum(map(sum, q))
    q = [[value / total for value in row] for row in q]
    for _ in range(iterations):
        for k in range(num_prototypes):
            row_sum = sum(q[k])
            q[k] = [value / row_sum / num_prototypes for value in q[k]]
        for b in range(num_samples):
            col_sum = sum(q[k][b] for k in range(num_prototypes))
            for k in range(num_prototypes):
                q[k][b] = q[k][b] / col_sum / num_samples
    return [[q[k][b] * num_samples for k in range(num_prototypes)]
            for b in range(num_samples)]


def test_one_iteration_by_hand():
    # Rows of Q0 sum to 4, 3, 4, 10: row normalisation (and 1/K) gives
    # [1,2,1]/16, [1,1,1]/12, [2,1,1]/16, [4,4,2]/40. Over 240, columns are
    # [15,20,30,24], [30,20,15,24], [15,20,15,12]; column normalisation,
    # 1/B and xB leave each column divided by its sum.
    expected = torch.tensor([[15, 20, 30, 24], [30, 20, 15, 24],
                             [15, 20, 15, 12]], dtype=torch.float64)
    expected /= torch.tensor([[89], [89], [62]], dtype=torch.float64)
    result = sinkhorn(scores_for(Q0, 0.05), epsilon=0.05, iterations=1)
    assert result.shape == (3, 4)
    torch.testing.assert_close(result, expected, rtol=0, atol=1e-12)


def test_three_iterations_match_the_loop_reference():
    scores = scores_for(Q0, 0.05)
    result = sinkhorn(scores)
    expected = torch.tensor(reference_sinkhorn(scores.tolist(), 0.05, 3),
                            dtype=torch.float64)
    torch.testing.assert_close(result, expected, rtol=0, atol=1e-12)
    torch.testing.assert_close(result.sum(dim=1),
                               torch.ones(3, dtype=torch.float64))
    # The prototypes get equal mass (1/K each), up to the last column step.
    masses = result.sum(dim=0) / 3
    assert masses.tolist() == pytest.approx([0.25] * 4, abs=1e-3)


def test_random_scores_match_the_loop_reference():
    scores = torch.rand((6, 5), generator=torch.Generator().manual_seed(0),
                        dtype=torch.float64) * 2 - 1
    result = sinkhorn(scores, epsilon=0.5, iterations=4)
    expected = reference_sinkhorn(scores.tolist(), 0.5, 4)
    torch.testing.assert_close(
        result, torch.tensor(expected, dtype=torch.float64), rtol=0,
        atol=1e-12)


def test_large_scores_do_not_overflow():
    # scores / epsilon = 200: exp overflows float32 and float64 alike.
    scores = torch.tensor([[10.0, -10.0, 0.0], [-10.0, 10.0, 0.0]])
    result = sinkhorn(scores)
    assert torch.isfinite(result).all()
    torch.testing.assert_close(result.sum(dim=1), torch.ones(2))
    assert result.argmax(dim=1).tolist() == [0, 1]


@pytest.mark.parametrize('dtype', [torch.float16, torch.bfloat16])
def test_half_precision_keeps_its_dtype(dtype):
    scores = torch.tensor([[0.5, 0.1, -0.2, 0.3], [0.0, 0.4, 0.1, -0.1]])
    result = sinkhorn(scores.to(dtype))
    assert result.dtype == dtype
    torch.testing.assert_close(result.float(), sinkhorn(scores), atol=1e-2,
                               rtol=1e-2)


@pytest.mark.skipif(not torch.cuda.is_available(), reason='needs CUDA')
def test_cuda_matches_cpu():
    scores = scores_for(Q0, 0.05).float()
    torch.testing.assert_close(sinkhorn(scores.cuda()).cpu(),
                               sinkhorn(scores), atol=1e-6, rtol=1e-5)


def test_bad_arguments_are_named():
    with pytest.raises(ValueError, match=r'\(B, K\), got shape \(4,\)'):
        sinkhorn(torch.zeros(4))
    with pytest.raises(ValueError, match='epsilon=0'):
        sinkhorn(torch.zeros(2, 2), epsilon=0)
