"""Swapped prediction of concept codes (SwAV; Static and Dynamic Concepts'
concept alignment)."""
import torch
import torch.nn.functional as F

from mmssl.registry import MODELS

from .temperature_loss import TemperatureLoss


def swapped_prediction_loss(scores: torch.Tensor,
                            targets: torch.Tensor,
                            temperature: float = 0.1) -> torch.Tensor:
    """Every view predicts the assignment targets of every other view.

    For views ``i != j`` of one video, the term is the cross-entropy
    ``-sum_k targets[:, i, k] * log softmax(scores[:, j] / temperature)_k``;
    the loss is the mean over the batch and the ``n * (n - 1)`` ordered
    pairs.

    Args:
        scores (torch.Tensor): (B, n, K) codes, e.g. cosine similarities of
            n views to K prototypes.
        targets (torch.Tensor): (B, n, K) assignments whose rows sum to 1,
            e.g. ``sinkhorn`` of the detached codes.
        temperature (float): Softmax temperature of the predictions.
            Defaults to 0.1.

    Returns:
        torch.Tensor: Scalar loss.
    """
    if scores.ndim != 3 or scores.shape != targets.shape:
        raise ValueError('scores and targets must both be (B, n, K), got '
                         f'{tuple(scores.shape)} and {tuple(targets.shape)}')
    num_views = scores.shape[1]
    if num_views < 2:
        raise ValueError(
            f'swapped prediction needs n >= 2 views, got {num_views}')
    log_probs = F.log_softmax(scores / temperature, dim=2)
    # (B, i, j): cross-entropy of the targets of view i under view j.
    cross = -torch.einsum('bik,bjk->bij', targets, log_probs)
    off_diagonal = ~torch.eye(num_views, dtype=torch.bool,
                              device=scores.device)
    return cross[:, off_diagonal].mean()


@MODELS.register_module()
class SwappedPredictionLoss(TemperatureLoss):
    """Module form of :func:`swapped_prediction_loss`.

    Args:
        temperature (float): Defaults to 0.1.
        loss_weight (float): Factor on the loss. Defaults to 1.0.
    """

    def __init__(self,
                 temperature: float = 0.1,
                 loss_weight: float = 1.0) -> None:
        super().__init__(temperature, loss_weight)

    def _forward(self, scores: torch.Tensor,
                 targets: torch.Tensor) -> torch.Tensor:
        """Args: scores (B, n, K), targets (B, n, K)."""
        return swapped_prediction_loss(scores, targets, self.temperature)
