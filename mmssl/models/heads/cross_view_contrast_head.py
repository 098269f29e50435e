"""Instance contrast between views of different kinds (Static and Dynamic
Concepts: RGB-RGB, RGB-static, RGB-difference)."""
from typing import Dict, Optional, Sequence

import torch
import torch.nn as nn
from mmengine.model import BaseModule

from mmssl.errors import ConfigValueError
from mmssl.registry import MODELS
from mmssl.view_labels import VIEW_LABELS

from ..utils import NegativeQueue, gather_with_grad

#: What a query is contrasted with: other videos of the batch, or a queue.
NEGATIVES = ('batch', 'queue')


@MODELS.register_module()
class CrossViewContrastHead(BaseModule):
    """InfoNCE between the two clips of a video across view kinds.

    For a pair of kinds (a, b), e.g. ``('rgb', 'static')``, clip 1 of kind a
    is contrasted with clip 2 of kind b and clip 2 of a with clip 1 of b, in
    both directions (for ``('rgb', 'rgb')``: v1 with v2 and v2 with v1). A
    clip of kind a compared with kind b is embedded by the projection
    ``'<a>_<b>'`` (MLP C-H-D, unit output), its partner by ``'<b>_<a>'``, as
    in the authors' script. ``negatives`` says what the query is told
    apart from:

    - ``'batch'`` (the authors' script): the partner clips of the other
      videos of the global batch (embeddings gathered from all processes
      with :func:`gather_with_grad`); the key is not detached, so every
      term trains both projections and the encoder on both sides;
    - ``'queue'``: a queue of the key projection's past keys
      (``NegativeQueue``, updated by :meth:`loss`), a number of negatives
      independent of the batch size; the key is detached. The queued keys
      come from the encoder being trained (no momentum copy), which MoCo
      found unstable: on the toy data the RGB-difference pair stays
      exactly at chance this way, and ends a little below it with
      ``'batch'``.

    The loss of a pair is the mean of its terms.

    Args:
        in_channels (int): C of the pooled features. Defaults to 512.
        hidden_channels (int): H. Defaults to 512.
        out_channels (int): D. Defaults to 128.
        pairs (Sequence[Sequence[str]]): Pairs of view kinds. Defaults to
            ``(('rgb', 'rgb'), ('rgb', 'static'), ('rgb', 'diff'))``.
        negatives (str): ``'batch'`` or ``'queue'``. Defaults to 'batch'.
        queue_size (int): Keys per queue (``negatives='queue'``). Defaults
            to 1024.
        loss (dict): A loss of (query (B, D), positive (B, D), negatives
            (K, D) or None for in-batch negatives). Defaults to
            ``dict(type='InfoNCELoss', temperature=0.07)``.
        init_cfg (dict, optional): Initialisation config. Defaults to None.
    """

    def __init__(self,
                 in_channels: int = 512,
                 hidden_channels: int = 512,
                 out_channels: int = 128,
                 pairs: Sequence[Sequence[str]] = (('rgb', 'rgb'),
                                                   ('rgb', 'static'),
                                                   ('rgb', 'diff')),
                 negatives: str = 'batch',
                 queue_size: int = 1024,
                 loss: dict = dict(type='InfoNCELoss', temperature=0.07),
                 init_cfg: Optional[dict] = None) -> None:
        super().__init__(init_cfg=init_cfg)
        bad = [pair for pair in pairs
               if len(pair) != 2 or not set(pair) <= set(VIEW_LABELS)]
        if not pairs or bad:
            raise ConfigValueError(
                f'CrossViewContrastHead: pairs={pairs!r}, expected pairs of '
                f'view kinds from {tuple(VIEW_LABELS)}')
        if negatives not in NEGATIVES:
            raise ConfigValueError(
                f'CrossViewContrastHead: negatives={negatives!r}, expected '
                f'one of {NEGATIVES}')
        self.pairs = tuple(tuple(pair) for pair in pairs)
        self.negatives = negatives
        names = sorted({f'{a}_{b}' for a, b in self.pairs}
                       | {f'{b}_{a}' for a, b in self.pairs})
        self.projections = nn.ModuleDict({
            name: MODELS.build(
                dict(type='ProjectionNeck', in_channels=in_channels,
                     hidden_channels=hidden_channels,
                     out_channels=out_channels))
            for name in names
        })
        self.queues = nn.ModuleDict(
            {name: NegativeQueue(queue_size, out_channels)
             for name in names} if negatives == 'queue' else {})
        self.loss_module = MODELS.build(loss)

    def loss(self, feats: Dict[str, torch.Tensor]) -> dict:
        """Losses of every pair, then (``negatives='queue'``) every key
        projection's keys enqueued.

        Args:
            feats (dict[str, torch.Tensor]): Pooled features (B, 2, C) of
                the two clips of each view kind, by kind name.

        Returns:
            dict: ``loss_contrast_<a>_<b>`` per pair.
        """
        embeddings = {}
        for name, projection in self.projections.items():
            kind = name.split('_')[0]
            embeddings[name] = projection(
                feats[kind].flatten(0, 1)).unflatten(0, feats[kind].shape[:2])
            if not self.queues:
                embeddings[name] = gather_with_grad(embeddings[name])
        negatives = {
            name: self.queues[name].negatives() if self.queues else None
            for name in self.projections
        }
        losses = {}
        for a, b in self.pairs:
            forward, backward = f'{a}_{b}', f'{b}_{a}'
            terms = []
            for i, j in ((0, 1), (1, 0)):
                terms.append(self._term(embeddings, negatives, forward, i,
                                        backward, j))
                terms.append(self._term(embeddings, negatives, backward, j,
                                        forward, i))
            losses[f'loss_contrast_{a}_{b}'] = torch.stack(terms).mean()
        for name, queue in self.queues.items():
            queue.enqueue(embeddings[name].flatten(0, 1))
        return losses

    def _term(self, embeddings: Dict[str, torch.Tensor],
              negatives: Dict[str, torch.Tensor], query: str,
              query_clip: int, key: str, key_clip: int) -> torch.Tensor:
        """Loss of clip ``query_clip`` under projection ``query`` against
        clip ``key_clip`` under ``key`` and the negatives (``key``'s queue,
        then the key is detached, or None: in-batch)."""
        positive = embeddings[key][:, key_clip]
        if negatives[key] is not None:
            positive = positive.detach()
        return self.loss_module(embeddings[query][:, query_clip], positive,
                                negatives[key])
