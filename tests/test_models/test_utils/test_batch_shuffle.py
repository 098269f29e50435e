import torch
import torch.nn as nn

from mmssl.models.utils import (batch_shuffle_ddp, batch_unshuffle_ddp,
                                encode_in_sub_batches, encode_shuffled)


def test_shuffle_and_unshuffle_are_exact_no_ops_on_one_process():
    inputs = torch.randn(6, 3)
    shuffled, unshuffle = batch_shuffle_ddp(inputs)
    assert shuffled is inputs and unshuffle is None
    assert batch_unshuffle_ddp(inputs, None) is inputs


class BatchStats(nn.Module):
    """Records the size of every batch; outputs each row minus the batch
    mean (what BN in training mode does)."""

    def __init__(self):
        super().__init__()
        self.sizes = []

    def forward(self, x):
        self.sizes.append(len(x))
        return x - x.mean(dim=0, keepdim=True)


class CallIndex(nn.Module):
    """Outputs each row next to the index of the call that saw it."""

    def __init__(self):
        super().__init__()
        self.calls = 0

    def forward(self, x):
        self.calls += 1
        return torch.cat([x, torch.full_like(x, self.calls - 1)], dim=1)


def test_sub_batches_are_random_and_outputs_keep_the_input_order():
    inputs = torch.arange(8.0).unsqueeze(1)
    partitions = set()
    for seed in range(5):
        torch.manual_seed(seed)
        outputs = encode_in_sub_batches(CallIndex(), inputs, num_splits=2)
        assert outputs[:, 0].tolist() == inputs.flatten().tolist()
        calls = outputs[:, 1].long()
        assert calls.bincount().tolist() == [4, 4]
        partitions.add(tuple(calls.tolist()))
    assert len(partitions) == 5


def test_encode_shuffled_on_one_process_uses_sub_batches():
    encoder = BatchStats()
    encode_shuffled(encoder, torch.randn(6, 2), num_splits=3)
    assert encoder.sizes == [2, 2, 2]
    encoder = BatchStats()
    outputs = encode_shuffled(encoder, torch.arange(4.0)[:, None], 1)
    assert encoder.sizes == [4]
    assert outputs.flatten().tolist() == [-1.5, -0.5, 0.5, 1.5]
