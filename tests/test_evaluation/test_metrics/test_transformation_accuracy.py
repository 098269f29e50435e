import pytest
import torch

from mmssl.evaluation.metrics import TransformationAccuracy


def _sample(scores, labels):
    return dict(temporal_scores=torch.tensor(scores),
                temporal_labels=torch.tensor(labels))


def test_clip_and_rank_accuracy_hand_computed():
    metric = TransformationAccuracy(heads=dict(temporal='temporal_labels'))
    # Video 1: clips 0 and 1 right; clip 2 predicts class 0.
    # Column argmax: class 0 -> clip 2 (wrong), 1 -> clip 1, 2 -> clip 2.
    video1 = _sample([[3., 0., 0.], [0., 2., 0.], [4., 0., 1.]], [0, 1, 2])
    # Video 2: every clip right; every column maximal at its clip.
    video2 = _sample([[0., 5., 0.], [5., 0., 0.], [0., 0., 5.]], [1, 0, 2])
    metric.process(None, [video1, video2])
    result = metric.evaluate(size=2)
    assert result['pretext/temporal/clip_acc'] == pytest.approx(500 / 6)
    assert result['pretext/temporal/rank_acc'] == pytest.approx(500 / 6)


def test_rank_accuracy_skips_repeated_labels():
    metric = TransformationAccuracy(heads=dict(temporal='temporal_labels'))
    metric.process(None, [_sample([[1., 0.], [1., 0.]], [0, 0])])
    result = metric.evaluate(size=1)
    assert result == {'pretext/temporal/clip_acc': 100.0}


def test_missing_scores_named():
    metric = TransformationAccuracy(heads=dict(spatial='rotation_labels'))
    with pytest.raises(KeyError, match='spatial_scores'):
        metric.process(None, [_sample([[1., 0.]], [0])])
