from .concept_alignment import valid_concepts
from .info_nce import InfoNCELoss, info_nce
from .multi_clip_cross_entropy import MultiClipCrossEntropyLoss
from .pace_contrastive import (SameContextContrastiveLoss,
                               SamePaceContrastiveLoss,
                               same_context_contrastive_loss,
                               same_pace_contrastive_loss)
from .ranking_loss import (TransformationRankingLoss,
                           transformation_ranking_loss)
from .relative_speed import RelativeSpeedLoss, relative_speed_loss
from .sinkhorn import sinkhorn

__all__ = [
    'InfoNCELoss', 'MultiClipCrossEntropyLoss', 'RelativeSpeedLoss',
    'SameContextContrastiveLoss', 'SamePaceContrastiveLoss',
    'TransformationRankingLoss', 'info_nce', 'relative_speed_loss',
    'same_context_contrastive_loss', 'same_pace_contrastive_loss',
    'sinkhorn', 'transformation_ranking_loss', 'valid_concepts'
]
