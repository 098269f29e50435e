from .retrieval_metric import RetrievalMetric
from .transformation_accuracy import TransformationAccuracy

__all__ = ['RetrievalMetric', 'TransformationAccuracy']
