"""Cross-entropy over the clips of a batch of videos (TransCls, Pace)."""
import torch
from mmaction.models.losses import CrossEntropyLoss

from mmssl.registry import MODELS


@MODELS.register_module()
class MultiClipCrossEntropyLoss(CrossEntropyLoss):
    """MMAction2's ``CrossEntropyLoss`` on per-clip scores of shape (B, N, M).

    Each clip is classified on its own: the scores and labels are flattened
    to (B*N, M) and (B*N,), so the loss takes the same arguments as
    :class:`TransformationRankingLoss` and the two are interchangeable in a
    head config. Arguments are those of ``CrossEntropyLoss``.
    """

    def _forward(self, cls_score: torch.Tensor, label: torch.Tensor,
                 **kwargs) -> torch.Tensor:
        """Args: cls_score (B, N, M), label (B, N). Returns a scalar."""
        return super()._forward(
            cls_score.flatten(0, 1), label.flatten(), **kwargs)
