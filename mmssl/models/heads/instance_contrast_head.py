"""Video instance discrimination against a queue (RSPNet's A-VID, MoCo)."""
from typing import Optional

import torch

from mmssl.errors import ConfigValueError
from mmssl.registry import MODELS

from ..utils import NegativeQueue
from .base_contrastive_head import BaseContrastiveHead

#: ``enqueue`` choice -> mask (B, K) of the keys to enqueue, given the mask
#: of keys at the query's playback rate.
KEY_SELECTIONS = {
    'all': torch.ones_like,
    'same_rate': lambda same: same,
    'other_rate': lambda same: ~same,
}


@MODELS.register_module()
class InstanceContrastHead(BaseContrastiveHead):
    """Every key of the query's video against a queue of other videos' keys.

    For every key ``k_j`` of the query's video (whatever its speed), one
    InfoNCE term with the queue as negatives; the loss is their sum (RSPNet's
    A-VID: two terms). There are no in-batch negatives. After the loss, the
    keys chosen by ``enqueue`` are gathered from all processes and enter the
    queue.

    Args:
        name (str): See :class:`BaseContrastiveHead`.
        projection (dict): Projection config; its ``out_channels`` (D)
            sizes the queue.
        queue_size (int): Keys in the queue, trimmed to a multiple of the
            global batch at the first step. Defaults to 16384.
        enqueue (str): Keys to enqueue: ``'other_rate'`` (RSPNet: the key
            at a rate other than the query's), ``'same_rate'`` or ``'all'``.
            Every video must give the same number. Defaults to
            'other_rate'.
        loss (dict): A loss taking (query (B, D), positive (B, D),
            negatives (K, D)). Defaults to ``dict(type='InfoNCELoss')``
            (T 0.07).
        init_cfg (dict, optional): Defaults to None.
    """

    def __init__(self,
                 name: str,
                 projection: dict,
                 queue_size: int = 16384,
                 enqueue: str = 'other_rate',
                 loss: dict = dict(type='InfoNCELoss'),
                 init_cfg: Optional[dict] = None) -> None:
        super().__init__(name, projection, loss, init_cfg)
        if enqueue not in KEY_SELECTIONS:
            raise ConfigValueError(
                f'head "{name}": enqueue={enqueue!r}, expected one of '
                f'{sorted(KEY_SELECTIONS)}')
        self.enqueue = enqueue
        self.queue = NegativeQueue(queue_size, self.projection.out_channels)

    def keys_to_enqueue(self, keys: torch.Tensor, query_rates: torch.Tensor,
                        key_rates: torch.Tensor) -> torch.Tensor:
        """The ``enqueue`` keys of every video, (B * k, D)."""
        chosen = KEY_SELECTIONS[self.enqueue](
            self.same_rate(query_rates, key_rates))
        counts = chosen.sum(1)
        if (counts != counts[0]).any() or counts[0] == 0:
            raise ConfigValueError(
                f'head "{self.name}": enqueue={self.enqueue!r} selects '
                f'{counts.tolist()} keys per video, expected the same '
                'non-zero number for every video')
        return self.select(keys, chosen)

    def hits(self, query, keys, query_rates, key_rates):
        """(B, K): each key of the video beats every queue entry."""
        hardest = (query @ self.queue.keys.t()).amax(dim=1, keepdim=True)
        return torch.einsum('bd,bkd->bk', query, keys) > hardest

    def loss(self, query, keys, query_rates, key_rates):
        negatives = self.queue.negatives()
        loss = sum(
            self.loss_module(query, keys[:, index], negatives)
            for index in range(keys.shape[1]))
        with torch.no_grad():
            accuracy = self.hits(query, keys, query_rates,
                                 key_rates).float().mean()
        self.queue.enqueue(self.keys_to_enqueue(keys, query_rates, key_rates))
        return {f'loss_{self.name}': loss, f'acc_{self.name}': accuracy}
