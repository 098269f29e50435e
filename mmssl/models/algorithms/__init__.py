from .base import BaseMultiClipAlgorithm
from .concepts import StaticDynamicConcepts
from .feature_extractor import VideoFeatureExtractor, pool_clip_features
from .pace import PacePrediction
from .rspnet import RSPNet
from .transformation_recognizer import (TransformationRecognizer,
                                        speediness_weights)

__all__ = [
    'VideoFeatureExtractor', 'pool_clip_features', 'BaseMultiClipAlgorithm',
    'PacePrediction', 'RSPNet', 'StaticDynamicConcepts',
    'TransformationRecognizer', 'speediness_weights'
]
