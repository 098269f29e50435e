"""Local concept alignment (Static and Dynamic Concepts, L_loc): contrast of
concept-specific local features on the valid concepts of a pair."""
import torch
import torch.nn.functional as F
from mmaction.models.losses.base import BaseWeightedLoss

from mmssl.registry import MODELS


def local_concept_loss(query: torch.Tensor,
                       key: torch.Tensor,
                       valid: torch.Tensor,
                       margin: float = 1.4) -> torch.Tensor:
    """Margin contrast of one concept's local features across videos.

    Features are L2-normalised; ``d(b, p, c)`` is the distance of video b's
    query feature of concept c to video p's key feature of concept c. For
    every valid (b, c): the positive term ``d(b, b, c)^2`` and the negative
    terms ``max(0, margin - d(b, p, c))^2`` averaged over the other videos
    p != b. The loss sums them over valid (b, c) and divides by their number
    (0 when no concept is valid). Pass a detached key for the authors'
    one-sided gradient.

    Args:
        query (torch.Tensor): (B, K, D) concept-specific local features of
            one view.
        key (torch.Tensor): (B, K, D) those of the paired view.
        valid (torch.Tensor): (B, K) bool, e.g. :func:`valid_concepts` of
            the two views' codes.
        margin (float): Distance the negatives are pushed beyond (unit
            vectors are at most 2 apart). Defaults to 1.4.

    Returns:
        torch.Tensor: Scalar loss.
    """
    if query.ndim != 3 or query.shape != key.shape \
            or valid.shape != query.shape[:2]:
        raise ValueError(
            'query and key must be (B, K, D) and valid (B, K), got '
            f'{tuple(query.shape)}, {tuple(key.shape)}, '
            f'{tuple(valid.shape)}')
    num_videos = query.shape[0]
    query, key = F.normalize(query, dim=2), F.normalize(key, dim=2)
    cosine = torch.einsum('bkd,pkd->bpk', query, key)
    distance = (2 - 2 * cosine).clamp(min=0).add(1e-5).sqrt()
    weight = valid.to(query.dtype)
    same = torch.eye(num_videos, dtype=torch.bool, device=query.device)
    positive = (distance[same].pow(2) * weight).sum()
    negative = (F.relu(margin - distance).pow(2) *
                weight.unsqueeze(1))[~same].sum()
    negative = negative / max(num_videos - 1, 1)
    return (positive + negative) / weight.sum().clamp(min=1)


@MODELS.register_module()
class LocalConceptLoss(BaseWeightedLoss):
    """Module form of :func:`local_concept_loss`.

    Args:
        margin (float): Defaults to 1.4.
        loss_weight (float): Factor on the loss. Defaults to 1.0.
    """

    def __init__(self, margin: float = 1.4, loss_weight: float = 1.0) -> None:
        super().__init__(loss_weight=loss_weight)
        self.margin = margin

    def _forward(self, query: torch.Tensor, key: torch.Tensor,
                 valid: torch.Tensor) -> torch.Tensor:
        """Args: query (B, K, D), key (B, K, D), valid (B, K) bool."""
        return local_concept_loss(query, key, valid, self.margin)
