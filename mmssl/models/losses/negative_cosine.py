"""Negative cosine similarity to a stop-gradient target (Static and Dynamic
Concepts' fidelity of the concept-code decoder)."""
import torch
import torch.nn.functional as F
from mmaction.models.losses.base import BaseWeightedLoss

from mmssl.registry import MODELS


def negative_cosine_loss(prediction: torch.Tensor,
                         target: torch.Tensor) -> torch.Tensor:
    """Mean of ``-cos(prediction, target)``, with no gradient into target.

    Args:
        prediction (torch.Tensor): (M, D), e.g. features decoded from
            concept codes.
        target (torch.Tensor): (M, D), e.g. the encoder's pooled features;
            detached here.

    Returns:
        torch.Tensor: Scalar in [-1, 1]; -1 when every prediction points
        along its target.
    """
    if prediction.shape != target.shape:
        raise ValueError('prediction and target must have one shape, got '
                         f'{tuple(prediction.shape)} and '
                         f'{tuple(target.shape)}')
    return -F.cosine_similarity(prediction, target.detach(), dim=-1).mean()


@MODELS.register_module()
class NegativeCosineLoss(BaseWeightedLoss):
    """Module form of :func:`negative_cosine_loss`.

    Args:
        loss_weight (float): Factor on the loss. Defaults to 1.0.
    """

    def _forward(self, prediction: torch.Tensor,
                 target: torch.Tensor) -> torch.Tensor:
        """Args: prediction (M, D), target (M, D)."""
        return negative_cosine_loss(prediction, target)
