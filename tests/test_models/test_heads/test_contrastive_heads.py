import pytest
import torch
import torch.nn.functional as F

from mmssl.models.losses import info_nce, relative_speed_loss
from mmssl.registry import MODELS

PROJECTION = dict(type='ProjectionNeck', in_channels=4, out_channels=3)


def unit(*rows):
    return F.normalize(torch.tensor(rows, dtype=torch.float32), dim=-1)


# Two videos; keys in sampler order (positive key, negative key) for video
# 0 and swapped for video 1: the head must find them by their rates.
QUERY = unit([1, 0, 0], [0, 1, 0])
KEYS = torch.stack([unit([1, 1, 0], [0, 0, 1]), unit([1, 0, 0], [0, 1, 1])])
QUERY_RATES = torch.tensor([1.0, 2.0])
KEY_RATES = torch.tensor([[1.0, 2.0], [1.0, 2.0]])


def test_relative_speed_head_reads_positive_and_negative_from_the_rates():
    head = MODELS.build(
        dict(type='RelativeSpeedHead', name='rsp', projection=PROJECTION))
    losses = head.loss(QUERY, KEYS, QUERY_RATES, KEY_RATES)
    positive = torch.stack([KEYS[0, 0], KEYS[1, 1]])
    negative = torch.stack([KEYS[0, 1], KEYS[1, 0]])
    expected = relative_speed_loss(QUERY, positive, negative)
    assert losses['loss_rsp'].item() == pytest.approx(expected.item())
    # Video 0: q.k+ = 0.71 > q.k- = 0; video 1: q.k+ = 0.71 > q.k- = 0.
    assert losses['acc_rsp'].item() == 1.0
    hits = head.hits(QUERY, KEYS.flip(1), QUERY_RATES, KEY_RATES.flip(1))
    assert hits.tolist() == [[True], [True]]
    wrong = head.hits(QUERY, KEYS, QUERY_RATES, KEY_RATES.flip(1))
    assert wrong.tolist() == [[False], [False]]


def test_relative_speed_head_refuses_videos_without_one_key_per_role():
    head = MODELS.build(
        dict(type='RelativeSpeedHead', name='rsp', projection=PROJECTION))
    with pytest.raises(ValueError, match='relative_speed'):
        head.loss(QUERY, KEYS, QUERY_RATES, torch.ones(2, 2))


def test_instance_contrast_head_sums_one_term_per_key_and_enqueues():
    torch.manual_seed(0)
    head = MODELS.build(
        dict(type='InstanceContrastHead', name='avid', projection=PROJECTION,
             queue_size=4))
    negatives = head.queue.negatives()
    losses = head.loss(QUERY, KEYS, QUERY_RATES, KEY_RATES)
    expected = info_nce(QUERY, KEYS[:, 0], negatives) + info_nce(
        QUERY, KEYS[:, 1], negatives)
    assert losses['loss_avid'].item() == pytest.approx(expected.item(),
                                                       rel=1e-6)
    # The keys at the other rate than the query's entered the queue:
    # video 0's second key, video 1's first key.
    assert torch.equal(head.queue.keys[:2],
                       torch.stack([KEYS[0, 1], KEYS[1, 0]]))
    assert int(head.queue.ptr) == 2


def test_instance_contrast_hits_compare_with_the_hardest_queue_entry():
    head = MODELS.build(
        dict(type='InstanceContrastHead', name='avid', projection=PROJECTION,
             queue_size=2))
    head.queue.keys.copy_(unit([1, 0.5, 0], [0, 0, 1]))  # q0: 0.89, q1: 0.45
    hits = head.hits(QUERY, KEYS, QUERY_RATES, KEY_RATES)
    # video 0: keys 0.71 and 0 vs 0.89; video 1: 0 and 0.71 vs 0.45.
    assert hits.tolist() == [[False, False], [False, True]]


@pytest.mark.parametrize('enqueue, expected', [
    ('all', [[0, 0], [0, 1], [1, 0], [1, 1]]),
    ('same_rate', [[0, 0], [1, 1]]),
])
def test_enqueue_choices(enqueue, expected):
    head = MODELS.build(
        dict(type='InstanceContrastHead', name='avid', projection=PROJECTION,
             queue_size=8, enqueue=enqueue))
    chosen = head.keys_to_enqueue(KEYS, QUERY_RATES, KEY_RATES)
    assert torch.equal(chosen, torch.stack([KEYS[b, k] for b, k in expected]))


def test_unknown_enqueue_choice_is_named():
    with pytest.raises(ValueError, match="enqueue='newest'"):
        MODELS.build(
            dict(type='InstanceContrastHead', name='avid',
                 projection=PROJECTION, enqueue='newest'))
