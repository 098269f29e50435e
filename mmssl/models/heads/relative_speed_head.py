"""Relative speed perception head (RSPNet's g_m and its loss)."""
from typing import Optional, Tuple

import torch

from mmssl.errors import ConfigValueError
from mmssl.registry import MODELS

from .base_contrastive_head import BaseContrastiveHead


@MODELS.register_module()
class RelativeSpeedHead(BaseContrastiveHead):
    """Rank the key at the query's playback rate above the other key.

    Every video has two keys: one at the query's playback rate (the
    positive, from another window) and one at another rate (the negative).
    Which is which is read from the clips' playback rates, so the clip order
    of the sampler does not matter.

    Args:
        name (str): See :class:`BaseContrastiveHead`.
        projection (dict): Projection config.
        loss (dict): A loss taking (q, k_pos, k_neg), (B, D) each. Defaults
            to ``dict(type='RelativeSpeedLoss')`` (margin 2.0, T 0.07).
        init_cfg (dict, optional): Defaults to None.
    """

    def __init__(self,
                 name: str,
                 projection: dict,
                 loss: dict = dict(type='RelativeSpeedLoss'),
                 init_cfg: Optional[dict] = None) -> None:
        super().__init__(name, projection, loss, init_cfg)

    def split_keys(self, keys: torch.Tensor, query_rates: torch.Tensor,
                   key_rates: torch.Tensor) -> Tuple[torch.Tensor, ...]:
        """The same-rate and the other-rate key of every video.

        Args:
            keys (torch.Tensor): (B, K, D).
            query_rates (torch.Tensor): (B,).
            key_rates (torch.Tensor): (B, K).

        Returns:
            tuple[torch.Tensor]: Positive keys (B, D), negative keys (B, D).
        """
        same = self.same_rate(query_rates, key_rates)
        if not ((same.sum(1) == 1) & ((~same).sum(1) == 1)).all():
            raise ConfigValueError(
                f'head "{self.name}": every video needs one key at the '
                'query\'s playback rate and one at another rate, got query '
                f'rates {query_rates.tolist()} and key rates '
                f'{key_rates.tolist()}; sample the clips with '
                "MultiClipSampler(assign='relative_speed')")
        return self.select(keys, same), self.select(keys, ~same)

    def hits(self, query, keys, query_rates, key_rates):
        """(B, 1): the same-rate key is the more similar one."""
        positive, negative = self.split_keys(keys, query_rates, key_rates)
        gap = (query * positive).sum(1) - (query * negative).sum(1)
        return (gap > 0).unsqueeze(1)

    def loss(self, query, keys, query_rates, key_rates):
        positive, negative = self.split_keys(keys, query_rates, key_rates)
        with torch.no_grad():
            accuracy = self.hits(query, keys, query_rates,
                                 key_rates).float().mean()
        return {
            f'loss_{self.name}': self.loss_module(query, positive, negative),
            f'acc_{self.name}': accuracy
        }
