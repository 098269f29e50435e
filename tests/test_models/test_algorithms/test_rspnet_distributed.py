"""RSPNet on two gloo processes: shuffle-BN and a queue shared by both."""
import torch

from mmssl.testing.distributed import run_on_gloo_processes


def train_a_few_steps(rank):
    from mmengine.model import MMDistributedDataParallel
    from mmengine.optim import OptimWrapper

    from mmssl.models.utils import batch_shuffle_ddp, batch_unshuffle_ddp
    from mmssl.utils import register_all_modules
    from tests.test_models.test_algorithms.test_rspnet import batch, build

    register_all_modules()
    # Shuffle-BN round trip: every rank gets its own samples back.
    torch.manual_seed(rank)  # rank 0's permutation is broadcast
    mine = torch.arange(4.0) + 10 * rank
    shuffled, unshuffle = batch_shuffle_ddp(mine)
    restored = batch_unshuffle_ddp(shuffled * 2, unshuffle)

    model = build()  # seeded: the same initial weights and queue
    ddp = MMDistributedDataParallel(
        module=model, broadcast_buffers=False, find_unused_parameters=False)
    optim = OptimWrapper(torch.optim.SGD(model.parameters(), lr=0.1))
    logs = [ddp.train_step(batch(seed=10 * rank + step), optim)
            for step in range(3)]
    return dict(
        shuffled=shuffled,
        restored=restored,
        queue=model.heads.avid.queue.keys.clone(),
        ptr=int(model.heads.avid.queue.ptr),
        key_conv=model.key_encoder.module.backbone.conv1.conv.weight.clone(),
        query_conv=model.backbone.conv1.conv.weight.clone(),
        losses=[{k: float(v) for k, v in log.items()} for log in logs])


def test_queue_and_encoders_are_identical_on_both_ranks(tmp_path):
    ranks = run_on_gloo_processes(train_a_few_steps, 2, tmp_path)
    # Each rank trained on its own videos ...
    assert ranks[0]['losses'] != ranks[1]['losses']
    # ... but gathered both ranks' keys: 3 steps x 2 ranks x 4 videos.
    assert ranks[0]['ptr'] == ranks[1]['ptr'] == 24 % 16
    assert len(ranks[0]['queue']) == 16  # trimmed from 20 to 2 x 8
    assert torch.equal(ranks[0]['queue'], ranks[1]['queue'])
    assert torch.equal(ranks[0]['key_conv'], ranks[1]['key_conv'])
    assert torch.equal(ranks[0]['query_conv'], ranks[1]['query_conv'])
    # Shuffle-BN mixed the ranks' samples and the unshuffle undid it.
    both = torch.cat([ranks[0]['shuffled'], ranks[1]['shuffled']])
    assert sorted(both.tolist()) == [0, 1, 2, 3, 10, 11, 12, 13]
    assert set(ranks[0]['shuffled'].tolist()) != {0, 1, 2, 3}
    for rank in range(2):
        expected = 2 * (torch.arange(4.0) + 10 * rank)
        assert torch.equal(ranks[rank]['restored'], expected)
