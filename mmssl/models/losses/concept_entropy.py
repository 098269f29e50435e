"""Uniformity of concept distributions (Static and Dynamic Concepts'
regularisers: static concepts on frame differences, dynamic concepts on
static frames)."""
import math

import torch
import torch.nn.functional as F

from mmssl.registry import MODELS

from .temperature_loss import TemperatureLoss


def concept_entropy_loss(scores: torch.Tensor,
                         temperature: float = 0.1) -> torch.Tensor:
    """KL divergence of ``softmax(scores / temperature)`` from uniform.

    Equal to ``log K - H(p)`` per row, the batch mean: minimising it
    maximises the entropy of the concept distribution (the same gradient as
    the authors' ``sum p log p``, shifted by ``log K`` so that a uniform
    distribution scores 0).

    Args:
        scores (torch.Tensor): (M, K) codes, e.g. the static codes of
            frame-difference views.
        temperature (float): Softmax temperature. Defaults to 0.1.

    Returns:
        torch.Tensor: Scalar in [0, log K].
    """
    if scores.ndim != 2:
        raise ValueError(
            f'scores must be (M, K), got shape {tuple(scores.shape)}')
    log_probs = F.log_softmax(scores / temperature, dim=1)
    neg_entropy = (log_probs.exp() * log_probs).sum(dim=1)
    return neg_entropy.mean() + math.log(scores.shape[1])


@MODELS.register_module()
class ConceptEntropyLoss(TemperatureLoss):
    """Module form of :func:`concept_entropy_loss`.

    Args:
        temperature (float): Defaults to 0.1.
        loss_weight (float): Factor on the loss; the authors use 0.1.
            Defaults to 0.1.
    """

    def __init__(self,
                 temperature: float = 0.1,
                 loss_weight: float = 0.1) -> None:
        super().__init__(temperature, loss_weight)

    def _forward(self, scores: torch.Tensor) -> torch.Tensor:
        """Args: scores (M, K)."""
        return concept_entropy_loss(scores, self.temperature)
