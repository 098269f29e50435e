from .base import BaseMultiClipAlgorithm
from .feature_extractor import VideoFeatureExtractor, pool_clip_features
from .transformation_recognizer import (TransformationRecognizer,
                                        speediness_weights)

__all__ = [
    'VideoFeatureExtractor', 'pool_clip_features',
    'BaseMultiClipAlgorithm', 'TransformationRecognizer', 'speediness_weights'
]
