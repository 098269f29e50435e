from .base_contrastive_head import BaseContrastiveHead
from .instance_contrast_head import InstanceContrastHead
from .mlp_cls_head import MLPClsHead
from .relative_speed_head import RelativeSpeedHead
from .transformation_head import TransformationHead

__all__ = [
    'BaseContrastiveHead', 'InstanceContrastHead', 'MLPClsHead',
    'RelativeSpeedHead', 'TransformationHead'
]
