import pytest
import torch
from mmaction.structures import ActionDataSample

from mmssl.evaluation.feature_extraction import (feature_file,
                                                 model_fingerprint,
                                                 video_label)
from mmssl.registry import MODELS


def build(backbone, **kwargs):
    """A ``VideoFeatureExtractor`` on ``backbone``, initialised by seed 0."""
    torch.manual_seed(0)
    return MODELS.build(
        dict(type='VideoFeatureExtractor', backbone=backbone, **kwargs))


def test_fingerprint_tracks_weights_buffers_and_settings(tiny_r3d):
    reference = model_fingerprint(build(tiny_r3d))
    assert model_fingerprint(build(tiny_r3d)) == reference
    changed_weight = build(tiny_r3d)
    with torch.no_grad():
        changed_weight.backbone.conv1.conv.weight[0, 0, 0, 0, 0] += 1
    assert model_fingerprint(changed_weight) != reference
    preprocessor = dict(
        type='ActionDataPreprocessor',
        mean=[1.0, 2.0, 3.0],
        std=[1.0, 1.0, 1.0],
        format_shape='NCTHW')
    other_mean = dict(preprocessor, mean=[0.0, 2.0, 3.0])
    one_mean = build(tiny_r3d, data_preprocessor=preprocessor)
    other = build(tiny_r3d, data_preprocessor=other_mean)
    assert model_fingerprint(one_mean) != model_fingerprint(other)
    assert model_fingerprint(build(tiny_r3d, spatial_pool='max')) != reference


def test_video_label_reads_both_label_fields():
    sample = ActionDataSample().set_gt_labels(4)
    assert video_label(sample) == 4
    sample = ActionDataSample()
    sample.gt_label = torch.tensor([7])
    assert video_label(sample) == 7
    with pytest.raises(KeyError, match='no video label'):
        video_label(ActionDataSample())


def test_feature_file_name():
    assert feature_file('work/features', 'query', 'rgbdiff') == \
        'work/features/query_rgbdiff.pth'
