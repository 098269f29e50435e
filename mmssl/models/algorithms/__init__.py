from .base import BaseMultiClipAlgorithm
from .feature_extractor import VideoFeatureExtractor, pool_clip_features
from .rspnet import RSPNet
from .transformation_recognizer import (TransformationRecognizer,
                                        speediness_weights)

__all__ = [
    'VideoFeatureExtractor', 'pool_clip_features', 'BaseMultiClipAlgorithm',
    'RSPNet', 'TransformationRecognizer', 'speediness_weights'
]
