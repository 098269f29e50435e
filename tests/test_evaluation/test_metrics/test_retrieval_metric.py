import pytest
import torch
from mmengine.evaluator import Evaluator

from mmssl.registry import METRICS

GALLERY = [([1., 0.], 0), ([0., 1.], 1), ([1., 1.], 1), ([-1., 0.], 2)]
QUERIES = [([1., 0.1], 1), ([0., 1.], 2)]


def samples(second_modality=None):
    """The hand-made case of test_retrieval.py as per-video metric inputs.

    With rgb alone, query 0 first finds its label at rank 2 and query 1 at
    rank 4 (its tie with gallery video 0 is broken by the lower index).
    ``second_modality(feature, label)`` gives the ``rgbdiff`` feature.
    """
    videos = [('gallery', *item) for item in GALLERY]
    videos += [('query', *item) for item in QUERIES]
    out = []
    for split, feature, label in videos:
        features = dict(rgb=torch.tensor(feature))
        if second_modality is not None:
            features['rgbdiff'] = second_modality(feature, label)
        out.append(
            dict(split=split, gt_label=torch.tensor([label]),
                 features=features))
    return out


def test_metric_in_an_evaluator():
    evaluator = Evaluator(
        [dict(type='RetrievalMetric', modalities=['rgb'], topk=(1, 2, 3))])
    evaluator.process(samples())
    # R@3 is 50, not 100: query 1's label is found at rank 4.
    assert evaluator.evaluate(6) == {
        'retrieval/rgb/R@1': 0.0,
        'retrieval/rgb/R@2': 50.0,
        'retrieval/rgb/R@3': 50.0
    }


def test_centred_metric_is_named_and_differs():
    # Centred by the gallery mean (0.25, 0.5) and the query mean
    # (0.5, 0.55): query 0 (label 1) is (0.5, -0.45) and ranks g0 (cosine
    # 0.67) then g2 (0.17); query 1 (label 2) is its negative and ranks g1
    # (0.63) then g3 (0.30). Both hit at 2, where plain cosine finds
    # query 1's label only at rank 4.
    evaluator = Evaluator([
        dict(type='RetrievalMetric', topk=(1, 2)),
        dict(type='RetrievalMetric', topk=(1, 2), center=True)
    ])
    evaluator.process(samples())
    assert evaluator.evaluate(6) == {
        'retrieval/rgb/R@1': 0.0,
        'retrieval/rgb/R@2': 50.0,
        'retrieval/rgb-centered/R@1': 0.0,
        'retrieval/rgb-centered/R@2': 100.0
    }


def test_fused_metric_averages_the_similarities():
    metric = METRICS.build(
        dict(
            type='RetrievalMetric',
            modalities=('rgb', 'rgbdiff'),
            topk=(1, 2, 3),
            prefix='nn'))
    # rgbdiff = one-hot label: similarity 1 within a class, else 0. Fused,
    # query 0 ranks g2 first ((0.774 + 1) / 2); query 1 (label 2) has g1
    # ((1 + 0) / 2) and g3 ((0 + 1) / 2) tied first, g1 by its lower index.
    metric.process(None,
                   samples(lambda _, label: torch.eye(3)[label] * 5))
    assert metric.evaluate(6) == {
        'nn/rgb+rgbdiff/R@1': 50.0,
        'nn/rgb+rgbdiff/R@2': 100.0,
        'nn/rgb+rgbdiff/R@3': 100.0
    }
    # A constant second modality adds the same similarity everywhere and
    # leaves the rgb ranking: R@3 = 50.
    metric.process(None, samples(lambda *_: torch.ones(3)))
    assert metric.evaluate(6)['nn/rgb+rgbdiff/R@3'] == 50.0


def test_metric_errors_name_the_problem():
    metric = METRICS.build(dict(type='RetrievalMetric', modalities=['flow']))
    with pytest.raises(KeyError, match=r"lacks features \['flow'\]"):
        metric.process(None, samples())
    metric = METRICS.build(dict(type='RetrievalMetric', topk=(1, )))
    with pytest.raises(ValueError, match="split 'test' is not one of"):
        metric.process(None, [dict(split='test', gt_label=0, features={})])
    metric.process(None, samples()[:4])
    with pytest.raises(ValueError, match='no query videos'):
        metric.evaluate(4)
    with pytest.raises(ValueError, match='modalities must be a non-empty'):
        METRICS.build(dict(type='RetrievalMetric', modalities='rgb'))
    with pytest.raises(ValueError, match="center must be True or False, "
                       "got 'yes'"):
        METRICS.build(dict(type='RetrievalMetric', center='yes'))
