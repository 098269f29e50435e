from .multi_clip_cross_entropy import MultiClipCrossEntropyLoss
from .ranking_loss import (TransformationRankingLoss,
                           transformation_ranking_loss)

__all__ = [
    'MultiClipCrossEntropyLoss', 'TransformationRankingLoss',
    'transformation_ranking_loss'
]
