"""Sinkhorn-Knopp targets for swapped prediction (SwAV; Static and Dynamic
Concepts' concept alignment)."""
import math

import torch


def sinkhorn(scores: torch.Tensor,
             epsilon: float = 0.05,
             iterations: int = 3) -> torch.Tensor:
    """Soft assignments of B samples to K prototypes with equal prototype
    mass.

    Starts from ``Q = exp(scores / epsilon)``, transposed to (K, B) and
    normalised to total 1. Each iteration divides every prototype row by its
    sum and by K, then every sample column by its sum and by B. The result,
    times B and transposed back to (B, K), has rows that sum to 1.

    Computed in the log domain, so large ``scores / epsilon`` neither
    overflow nor underflow; the values are those of the procedure above.
    The function keeps the graph of ``scores``: pass ``scores.detach()``
    for stop-gradient targets.

    Args:
        scores (torch.Tensor): (B, K) sample-to-prototype scores (cosines).
        epsilon (float): Entropic regularisation; smaller gives sharper
            assignments. Defaults to 0.05.
        iterations (int): Row-and-column normalisation rounds. Defaults
            to 3.

    Returns:
        torch.Tensor: (B, K) assignments in the dtype of ``scores``; every
        row sums to 1.
    """
    if scores.ndim != 2:
        raise ValueError(
            f'scores must be (B, K), got shape {tuple(scores.shape)}')
    if not epsilon > 0:
        raise ValueError(f'epsilon must be > 0, got epsilon={epsilon!r}')
    if iterations < 0:
        raise ValueError(
            f'iterations must be >= 0, got iterations={iterations!r}')
    num_samples, num_prototypes = scores.shape
    work_dtype = torch.promote_types(scores.dtype, torch.float32)
    log_q = scores.to(work_dtype).t() / epsilon
    log_q = log_q - torch.logsumexp(log_q.flatten(), dim=0)
    for _ in range(iterations):
        log_q = log_q - torch.logsumexp(log_q, dim=1, keepdim=True)
        log_q = log_q - math.log(num_prototypes)
        log_q = log_q - torch.logsumexp(log_q, dim=0, keepdim=True)
        log_q = log_q - math.log(num_samples)
    return (log_q + math.log(num_samples)).exp().t().to(scores.dtype)
