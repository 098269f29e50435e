import pytest
import torch

from mmssl.registry import MODELS


def test_pools_every_axis_after_channels():
    pool = MODELS.build(dict(type='GlobalAvgPool'))
    feats = torch.arange(2 * 3 * 2 * 2 * 2.).view(2, 3, 2, 2, 2)
    pooled = pool(feats)
    assert pooled.shape == (2, 3)
    assert pooled[0].tolist() == [3.5, 11.5, 19.5]
    flat = torch.randn(4, 5)
    assert pool(flat) is flat


def test_rejects_multiple_feature_maps():
    with pytest.raises(TypeError, match='out_indices'):
        MODELS.build(dict(type='GlobalAvgPool'))((torch.zeros(1, 2, 3), ))
