"""Valid concepts of Static and Dynamic Concepts' local alignment (eq. 8)."""
import torch


def _top_k_mask(code: torch.Tensor, k: int) -> torch.Tensor:
    """(B, K) bool, True at the k highest entries of each row."""
    mask = torch.zeros_like(code, dtype=torch.bool)
    return mask.scatter_(1, code.topk(k, dim=1).indices, True)


def valid_concepts(code_a: torch.Tensor, code_b: torch.Tensor,
                   k: int) -> torch.Tensor:
    """Concepts among the top-k of both codes of a pair.

    Local concept alignment contrasts concept-specific local features only
    on these concepts; per pair there are at most k of them.

    Args:
        code_a (torch.Tensor): (B, K) concept codes of one view.
        code_b (torch.Tensor): (B, K) concept codes of the other view.
        k (int): Concepts kept per code, 1 <= k <= K.

    Returns:
        torch.Tensor: (B, K) bool, True where concept c is among the k
        highest entries of both ``code_a[i]`` and ``code_b[i]``. Ties at the
        k-th place are broken as ``torch.topk`` breaks them.
    """
    if code_a.ndim != 2 or code_a.shape != code_b.shape:
        raise ValueError('code_a and code_b must both be (B, K), got shapes '
                         f'{tuple(code_a.shape)} and {tuple(code_b.shape)}')
    if not 1 <= k <= code_a.shape[1]:
        raise ValueError(f'k must be in [1, {code_a.shape[1]}] (K), got k={k}')
    return _top_k_mask(code_a, k) & _top_k_mask(code_b, k)
