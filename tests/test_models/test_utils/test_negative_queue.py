import torch

from mmssl.models.utils import NegativeQueue


def keys(start, count, dim=2):
    """Keys whose first coordinate counts ``start, start + 1, ...``."""
    values = torch.arange(start, start + count, dtype=torch.float32)
    return torch.stack([values] + [torch.zeros(count)] * (dim - 1), dim=1)


def first_coords(queue):
    return queue.keys[:, 0].tolist()


def test_starts_as_random_unit_vectors():
    torch.manual_seed(0)
    queue = NegativeQueue(size=64, dim=8)
    assert queue.keys.shape == (64, 8) and int(queue.ptr) == 0
    assert torch.allclose(queue.keys.norm(dim=1), torch.ones(64))
    # Random directions: no two entries alike.
    similarity = queue.keys @ queue.keys.t() - torch.eye(64)
    assert similarity.max() < 0.99


def test_enqueue_overwrites_the_oldest_and_wraps_around():
    queue = NegativeQueue(size=6, dim=2)
    queue.enqueue(keys(1, 2))
    queue.enqueue(keys(3, 2))
    assert first_coords(queue)[:4] == [1, 2, 3, 4] and int(queue.ptr) == 4
    queue.enqueue(keys(5, 2))
    assert first_coords(queue) == [1, 2, 3, 4, 5, 6] and int(queue.ptr) == 0
    # Full: keys 1 and 2 are the oldest and leave first (dequeue).
    queue.enqueue(keys(7, 2))
    assert first_coords(queue) == [7, 8, 3, 4, 5, 6] and int(queue.ptr) == 2


def test_smaller_batches_wrap_across_the_end():
    queue = NegativeQueue(size=6, dim=2)
    queue.enqueue(keys(1, 2))
    for start in (3, 5):
        queue.enqueue(keys(start, 2))
    queue.enqueue(keys(7, 1))
    queue.enqueue(keys(8, 3))
    assert first_coords(queue) == [7, 8, 9, 10, 5, 6]
    assert int(queue.ptr) == 4


def test_first_enqueue_trims_to_a_multiple_of_the_global_batch():
    queue = NegativeQueue(size=16384, dim=4)
    queue.enqueue(keys(0, 48, dim=4))
    assert len(queue) == 16368 == 341 * 48
    assert queue.keys.shape == (16368, 4)
    # Later batches do not trim again.
    queue.enqueue(keys(0, 20, dim=4))
    assert len(queue) == 16368 and int(queue.ptr) == 68


def test_queue_smaller_than_a_batch_keeps_the_newest_keys():
    queue = NegativeQueue(size=3, dim=2)
    queue.enqueue(keys(1, 5))
    assert len(queue) == 3 and sorted(first_coords(queue)) == [3, 4, 5]


def test_state_dict_of_a_trimmed_queue_loads_into_a_fresh_one():
    queue = NegativeQueue(size=10, dim=2)
    queue.enqueue(keys(1, 4))
    fresh = NegativeQueue(size=10, dim=2)
    fresh.load_state_dict(queue.state_dict())
    assert len(fresh) == 8 and first_coords(fresh)[:4] == [1, 2, 3, 4]
    assert int(fresh.ptr) == 4
    fresh.enqueue(keys(5, 4))
    assert len(fresh) == 8 and int(fresh.ptr) == 0


def test_negatives_are_a_snapshot():
    queue = NegativeQueue(size=4, dim=2)
    snapshot = queue.negatives()
    queue.enqueue(keys(1, 2))
    assert not torch.equal(snapshot, queue.keys)
