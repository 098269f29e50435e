from .global_avg_pool import GlobalAvgPool
from .projection_neck import ProjectionNeck

__all__ = ['GlobalAvgPool', 'ProjectionNeck']
