import pytest
import torch

from mmssl.registry import METRICS


def test_percentage_of_hits_per_head():
    metric = METRICS.build(
        dict(type='ContrastAccuracy', heads=['rsp', 'avid']))
    metric.process(None, [
        dict(rsp_hits=torch.tensor([True]), avid_hits=torch.tensor([1, 0])),
        dict(rsp_hits=torch.tensor([False]), avid_hits=torch.tensor([1, 1])),
    ])
    metric.process(None, [
        dict(rsp_hits=torch.tensor([True]), avid_hits=torch.tensor([0, 0]))
    ])
    results = metric.evaluate(3)
    assert results['pretext/rsp/acc'] == pytest.approx(200 / 3)
    assert results['pretext/avid/acc'] == pytest.approx(50.0)


def test_missing_predictions_are_named():
    metric = METRICS.build(dict(type='ContrastAccuracy', heads=['rsp']))
    with pytest.raises(KeyError, match='rsp_hits'):
        metric.process(None, [dict(avid_hits=torch.tensor([True]))])
