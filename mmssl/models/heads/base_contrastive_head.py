"""Base of heads comparing a query clip with key clips of the same video."""
from abc import ABCMeta, abstractmethod
from typing import Optional

import torch
from mmengine.model import BaseModule

from mmssl.registry import MODELS


class BaseContrastiveHead(BaseModule, metaclass=ABCMeta):
    """A projection to embeddings and a loss on query and key embeddings.

    The algorithm projects the query clip with :meth:`forward` and the key
    clips with a momentum copy of ``projection``; the head receives both
    with the playback rates of the clips, which say how the clips relate
    (same speed or not), and takes everything else it needs (a queue of
    negatives, ...) from itself.

    Args:
        name (str): Suffix of the output keys (``loss_<name>``,
            ``acc_<name>``); the algorithm sets it to the head's key in its
            ``heads`` dict.
        projection (dict): Config of the projection of clip features to
            unit vectors (M, D), e.g. ``dict(type='ProjectionNeck',
            in_channels=512)``.
        loss (dict): Loss config.
        init_cfg (dict, optional): Initialisation config. Defaults to None.
    """

    def __init__(self,
                 name: str,
                 projection: dict,
                 loss: dict,
                 init_cfg: Optional[dict] = None) -> None:
        super().__init__(init_cfg=init_cfg)
        self.name = name
        self.projection = MODELS.build(projection)
        self.loss_module = MODELS.build(loss)

    def forward(self, feats: torch.Tensor) -> torch.Tensor:
        """Args: feats (M, C, ...). Returns embeddings (M, D)."""
        return self.projection(feats)

    @staticmethod
    def same_rate(query_rates: torch.Tensor,
                  key_rates: torch.Tensor) -> torch.Tensor:
        """(B, K) bool: the key plays at its query's rate."""
        return key_rates == query_rates.unsqueeze(1)

    @staticmethod
    def select(keys: torch.Tensor, chosen: torch.Tensor) -> torch.Tensor:
        """The chosen keys, video by video.

        Args:
            keys (torch.Tensor): (B, K, D).
            chosen (torch.Tensor): (B, K) bool, on any device.

        Returns:
            torch.Tensor: (number chosen, D).
        """
        index = chosen.flatten().nonzero().squeeze(1)
        return keys.flatten(0, 1)[index.to(keys.device, non_blocking=True)]

    @abstractmethod
    def hits(self, query: torch.Tensor, keys: torch.Tensor,
             query_rates: torch.Tensor,
             key_rates: torch.Tensor) -> torch.Tensor:
        """Whether each sample solves the pretext task, (B, P) bool.

        Args:
            query (torch.Tensor): Query embeddings (B, D).
            keys (torch.Tensor): Key embeddings (B, K, D).
            query_rates (torch.Tensor): Playback rate of each query (B,).
            key_rates (torch.Tensor): Playback rates of the keys (B, K).
                Rates on the CPU let the head pick keys without waiting for
                the device.
        """

    @abstractmethod
    def loss(self, query: torch.Tensor, keys: torch.Tensor,
             query_rates: torch.Tensor, key_rates: torch.Tensor) -> dict:
        """``loss_<name>`` and ``acc_<name>`` (the mean of :meth:`hits`);
        arguments as for :meth:`hits`."""
