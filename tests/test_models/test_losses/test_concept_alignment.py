import pytest
import torch

from mmssl.models.losses import valid_concepts

CODE_A = torch.tensor([[0.9, 0.1, 0.5, 0.3, 0.7],
                       [0.2, 0.8, 0.1, 0.6, 0.4]])
CODE_B = torch.tensor([[0.6, 0.8, 0.1, 0.2, 0.7],
                       [0.3, 0.1, 0.9, 0.2, 0.5]])


def test_hand_example():
    # Row 0: top-3 of a {0, 4, 2}, of b {1, 4, 0} -> {0, 4}.
    # Row 1: top-3 of a {1, 3, 4}, of b {2, 4, 0} -> {4}.
    mask = valid_concepts(CODE_A, CODE_B, k=3)
    assert mask.dtype == torch.bool
    assert mask.tolist() == [[True, False, False, False, True],
                             [False, False, False, False, True]]
    # k = 1: concept 0 vs 1 and concept 1 vs 2 disagree.
    assert not valid_concepts(CODE_A, CODE_B, k=1).any()
    # k = K keeps every concept.
    assert valid_concepts(CODE_A, CODE_B, k=5).all()


def test_count_per_pair_is_at_most_k_and_symmetric():
    generator = torch.Generator().manual_seed(0)
    code_a = torch.rand((16, 50), generator=generator)
    code_b = torch.rand((16, 50), generator=generator)
    mask = valid_concepts(code_a, code_b, k=5)
    assert mask.sum(dim=1).max().item() <= 5
    assert torch.equal(mask, valid_concepts(code_b, code_a, k=5))
    for row in range(16):
        top_a = set(code_a[row].argsort(descending=True)[:5].tolist())
        top_b = set(code_b[row].argsort(descending=True)[:5].tolist())
        assert set(mask[row].nonzero().flatten().tolist()) == top_a & top_b


def test_k_outside_the_concepts_is_named():
    with pytest.raises(ValueError, match=r'k must be in \[1, 5\]'):
        valid_concepts(CODE_A, CODE_B, k=6)
    with pytest.raises(ValueError, match='shapes'):
        valid_concepts(CODE_A, CODE_B[:1], k=2)
