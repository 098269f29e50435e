"""Margin ranking of transformations across the clips of one video (TransRank).

Every clip of a video underwent one transformation of a set of ``M`` (1x, 2x,
reverse, ...) and a head scores each clip for every transformation, giving a
score matrix per video. The ranking objective asks that, for every
transformation ``j``, the clip that truly underwent ``j`` scores higher on
``j`` than every clip of the same video that did not, by a margin.
"""
import torch
import torch.nn.functional as F
from mmaction.models.losses.base import BaseWeightedLoss

from mmssl.registry import MODELS


def transformation_ranking_loss(scores: torch.Tensor,
                                labels: torch.Tensor,
                                margin: float = 1.0) -> torch.Tensor:
    """Hinge loss ranking each clip above its video's other clips.

    For every video ``b`` and every ordered pair of its clips ``(p, q)`` with
    ``labels[b, p] = j`` and ``labels[b, q] != j``, the pair costs
    ``max(0, margin - (scores[b, p, j] - scores[b, q, j]))``. The loss is the
    mean over all such pairs of the batch, and zero when there is none (every
    clip of every video has the same label). With ``N = M`` clips labelled
    ``0 .. M-1`` this is the mean over ``j`` and ``i != j`` of
    ``max(0, margin - (S[j, j] - S[i, j]))``.

    Args:
        scores (torch.Tensor): Raw scores, (B, N, M): ``scores[b, i, j]`` is
            the score of clip ``i`` of video ``b`` for transformation ``j``.
        labels (torch.Tensor): Transformation of each clip, int64 (B, N),
            values in ``[0, M)``.
        margin (float): Required score gap. Defaults to 1.0.

    Returns:
        torch.Tensor: Scalar loss.
    """
    batch_size, num_clips, _ = scores.shape
    own_columns = labels.unsqueeze(1).expand(batch_size, num_clips, num_clips)
    # column_scores[b, q, p] = scores[b, q, labels[b, p]]
    column_scores = scores.gather(2, own_columns)
    # positive[b, p] = scores[b, p, labels[b, p]], broadcast over q
    positive = column_scores.diagonal(dim1=1, dim2=2).unsqueeze(1)
    hinge = F.relu(margin - (positive - column_scores))
    valid = labels.unsqueeze(2) != labels.unsqueeze(1)
    return (hinge * valid).sum() / valid.sum().clamp(min=1)


@MODELS.register_module()
class TransformationRankingLoss(BaseWeightedLoss):
    """Module form of :func:`transformation_ranking_loss` (TransRank).

    Args:
        margin (float): Required score gap. Defaults to 1.0.
        loss_weight (float): Factor on the loss. Defaults to 1.0.
    """

    def __init__(self, margin: float = 1.0, loss_weight: float = 1.0) -> None:
        super().__init__(loss_weight=loss_weight)
        self.margin = margin

    def _forward(self, scores: torch.Tensor,
                 labels: torch.Tensor) -> torch.Tensor:
        """Args: scores (B, N, M), labels (B, N). Returns a scalar."""
        return transformation_ranking_loss(scores, labels, self.margin)
