from .base_contrastive_head import BaseContrastiveHead
from .concept_head import ConceptHead
from .cross_view_contrast_head import CrossViewContrastHead
from .instance_contrast_head import InstanceContrastHead
from .local_concept_attention import LocalConceptAttention
from .mlp_cls_head import MLPClsHead
from .relative_speed_head import RelativeSpeedHead
from .transformation_head import TransformationHead

__all__ = [
    'BaseContrastiveHead', 'ConceptHead', 'CrossViewContrastHead',
    'InstanceContrastHead', 'LocalConceptAttention', 'MLPClsHead',
    'RelativeSpeedHead', 'TransformationHead'
]
