from .concept_alignment import valid_concepts
from .concept_entropy import ConceptEntropyLoss, concept_entropy_loss
from .info_nce import InfoNCELoss, info_nce
from .local_concept import LocalConceptLoss, local_concept_loss
from .multi_clip_cross_entropy import MultiClipCrossEntropyLoss
from .negative_cosine import NegativeCosineLoss, negative_cosine_loss
from .pace_contrastive import (SameContextContrastiveLoss,
                               SamePaceContrastiveLoss,
                               same_context_contrastive_loss,
                               same_pace_contrastive_loss)
from .ranking_loss import (TransformationRankingLoss,
                           transformation_ranking_loss)
from .relative_speed import RelativeSpeedLoss, relative_speed_loss
from .sinkhorn import sinkhorn
from .swapped_prediction import SwappedPredictionLoss, swapped_prediction_loss

__all__ = [
    'ConceptEntropyLoss', 'LocalConceptLoss', 'NegativeCosineLoss',
    'SwappedPredictionLoss', 'concept_entropy_loss', 'local_concept_loss',
    'negative_cosine_loss', 'swapped_prediction_loss', 'InfoNCELoss',
    'MultiClipCrossEntropyLoss', 'RelativeSpeedLoss',
    'SameContextContrastiveLoss', 'SamePaceContrastiveLoss',
    'TransformationRankingLoss', 'info_nce', 'relative_speed_loss',
    'same_context_contrastive_loss', 'same_pace_contrastive_loss',
    'sinkhorn', 'transformation_ranking_loss', 'valid_concepts'
]
