from .mlp_cls_head import MLPClsHead
from .transformation_head import TransformationHead

__all__ = ['MLPClsHead', 'TransformationHead']
