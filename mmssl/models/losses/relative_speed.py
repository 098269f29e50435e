"""Relative speed perception (RSPNet): same-speed pairs above other-speed.
"""
import torch
import torch.nn.functional as F

from mmssl.registry import MODELS

from .temperature_loss import TemperatureLoss


def relative_speed_loss(q: torch.Tensor,
                        k_pos: torch.Tensor,
                        k_neg: torch.Tensor,
                        margin: float = 2.0,
                        temperature: float = 0.07) -> torch.Tensor:
    """Margin ranking of the same-speed key above the other-speed key.

    Per sample ``max(0, margin - (q.k_pos - q.k_neg) / temperature)``: the
    margin acts on temperature-scaled similarities.

    Args:
        q (torch.Tensor): Queries, (B, D) unit vectors.
        k_pos (torch.Tensor): Keys at the query's speed, (B, D).
        k_neg (torch.Tensor): Keys at the other speed, (B, D).
        margin (float): Defaults to 2.0.
        temperature (float): Defaults to 0.07.

    Returns:
        torch.Tensor: Scalar, the batch mean.
    """
    gap = ((q * k_pos).sum(dim=1) - (q * k_neg).sum(dim=1)) / temperature
    return F.relu(margin - gap).mean()


@MODELS.register_module()
class RelativeSpeedLoss(TemperatureLoss):
    """Module form of :func:`relative_speed_loss`.

    Args:
        margin (float): Defaults to 2.0.
        temperature (float): Defaults to 0.07.
        loss_weight (float): Factor on the loss. Defaults to 1.0.
    """

    def __init__(self,
                 margin: float = 2.0,
                 temperature: float = 0.07,
                 loss_weight: float = 1.0) -> None:
        super().__init__(temperature, loss_weight)
        self.margin = margin

    def _forward(self, q: torch.Tensor, k_pos: torch.Tensor,
                 k_neg: torch.Tensor) -> torch.Tensor:
        """Args: q, k_pos, k_neg (B, D). Returns a scalar."""
        return relative_speed_loss(q, k_pos, k_neg, self.margin,
                                   self.temperature)
