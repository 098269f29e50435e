"""InfoNCE: a positive key against a set of negative keys (MoCo, RSPNet), or
against the other videos' keys of the batch (SimCLR-style)."""
from typing import Optional

import torch
import torch.nn.functional as F

from mmssl.registry import MODELS

from .temperature_loss import TemperatureLoss


def info_nce(query: torch.Tensor,
             positive: torch.Tensor,
             negatives: Optional[torch.Tensor],
             temperature: float = 0.07) -> torch.Tensor:
    """Cross-entropy of picking the positive among positive and negatives.

    With logits ``[q.p, q.n_1, ..., q.n_K] / temperature`` per query, the
    loss is the batch mean of ``-log softmax(logits)[0]``. Given
    ``negatives``, they are shared by the whole batch (a queue). Without
    them (None), the negatives of query i are the other positives of the
    batch, p_j for j != i: the logits are ``q_i . p_j / temperature`` over
    all j, with the target j = i.

    Args:
        query (torch.Tensor): (B, D) unit vectors.
        positive (torch.Tensor): (B, D) unit vectors, one per query.
        negatives (torch.Tensor, optional): (K, D) unit vectors, or None
            for in-batch negatives.
        temperature (float): Defaults to 0.07.

    Returns:
        torch.Tensor: Scalar loss.
    """
    if negatives is None:
        logits = query @ positive.t()
        targets = torch.arange(len(logits), device=logits.device)
        return F.cross_entropy(logits / temperature, targets)
    positive_logits = (query * positive).sum(dim=1, keepdim=True)
    negative_logits = query @ negatives.t()
    logits = torch.cat([positive_logits, negative_logits], dim=1)
    targets = logits.new_zeros(len(logits), dtype=torch.long)
    return F.cross_entropy(logits / temperature, targets)


@MODELS.register_module()
class InfoNCELoss(TemperatureLoss):
    """Module form of :func:`info_nce`.

    Args:
        temperature (float): Defaults to 0.07.
        loss_weight (float): Factor on the loss. Defaults to 1.0.
    """

    def __init__(self,
                 temperature: float = 0.07,
                 loss_weight: float = 1.0) -> None:
        super().__init__(temperature, loss_weight)

    def _forward(self, query: torch.Tensor, positive: torch.Tensor,
                 negatives: torch.Tensor) -> torch.Tensor:
        """Args: query (B, D), positive (B, D), negatives (K, D) or None
        (in-batch)."""
        return info_nce(query, positive, negatives, self.temperature)
