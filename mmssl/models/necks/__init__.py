from .global_avg_pool import GlobalAvgPool

__all__ = ['GlobalAvgPool']
