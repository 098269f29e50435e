from .contrast_accuracy import ContrastAccuracy
from .retrieval_metric import RetrievalMetric
from .transformation_accuracy import TransformationAccuracy

__all__ = ['ContrastAccuracy', 'RetrievalMetric', 'TransformationAccuracy']
