"""Shuffle-BN: keys normalised with statistics of other videos (MoCo).

With BN, a query and its key encoded in the same mini-batch can share
batch statistics that identify the pair, a shortcut for the contrastive
task. Across processes, the key clips are shuffled over the global batch
before the key encoder and unshuffled after it, so each key's statistics
come from a different set of videos than its query's. On one process the
shuffle and unshuffle are exact no-ops, and :func:`encode_shuffled` instead
encodes the keys in random sub-batches.
"""
from typing import Callable, Optional, Tuple

import torch
from mmengine.dist import all_gather, broadcast, get_rank, get_world_size


@torch.no_grad()
def batch_shuffle_ddp(
        inputs: torch.Tensor) -> Tuple[torch.Tensor, Optional[torch.Tensor]]:
    """Swap samples between processes by a random permutation of rank 0.

    Args:
        inputs (torch.Tensor): This process's batch (M, ...); every process
            passes the same M.

    Returns:
        tuple: This process's share of the shuffled global batch (M, ...),
        and the index (world_size * M,) undoing the shuffle. On one process:
        ``inputs`` itself and None.
    """
    world_size = get_world_size()
    if world_size == 1:
        return inputs, None
    gathered = torch.cat(all_gather(inputs.contiguous()))
    shuffle = torch.randperm(len(gathered), device=inputs.device)
    broadcast(shuffle, src=0)
    mine = shuffle.view(world_size, -1)[get_rank()]
    return gathered[mine], torch.argsort(shuffle)


@torch.no_grad()
def batch_unshuffle_ddp(outputs: torch.Tensor,
                        unshuffle: Optional[torch.Tensor]) -> torch.Tensor:
    """Return every process its own samples' outputs, in their order.

    Args:
        outputs (torch.Tensor): Outputs (M, ...) of the shuffled batch.
        unshuffle (torch.Tensor | None): From :func:`batch_shuffle_ddp`;
            None (one process) returns ``outputs`` itself.
    """
    if unshuffle is None:
        return outputs
    gathered = torch.cat(all_gather(outputs.contiguous()))
    return gathered[unshuffle.view(get_world_size(), -1)[get_rank()]]


@torch.no_grad()
def encode_in_sub_batches(encoder: Callable[[torch.Tensor], torch.Tensor],
                          inputs: torch.Tensor,
                          num_splits: int) -> torch.Tensor:
    """Encode a random partition of the batch in ``num_splits`` calls.

    Args:
        encoder (Callable): Maps (m, ...) to (m, ...).
        inputs (torch.Tensor): (M, ...).
        num_splits (int): Sub-batches (fewer when M is smaller).

    Returns:
        torch.Tensor: The outputs (M, ...) in the order of ``inputs``.
    """
    order = torch.randperm(len(inputs), device=inputs.device)
    outputs = torch.cat(
        [encoder(part) for part in inputs[order].chunk(num_splits)])
    return outputs[torch.argsort(order)]


@torch.no_grad()
def encode_shuffled(encoder: Callable[[torch.Tensor], torch.Tensor],
                    inputs: torch.Tensor,
                    num_splits: int = 2) -> torch.Tensor:
    """Key encoding with the BN-leak countermeasure of the setting.

    Distributed: shuffle over processes, encode, unshuffle (shuffle-BN).
    One process: :func:`encode_in_sub_batches` with ``num_splits``, so that
    no key is normalised with the statistics of the whole batch its query
    was normalised with (``num_splits=1`` turns this off).

    Args:
        encoder (Callable): Maps (M, ...) to (M, ...), e.g. a key backbone.
        inputs (torch.Tensor): (M, ...).
        num_splits (int): Sub-batches on one process. Defaults to 2.

    Returns:
        torch.Tensor: Outputs (M, ...), in the order of ``inputs``.
    """
    if get_world_size() == 1:
        return encode_in_sub_batches(encoder, inputs, num_splits)
    shuffled, unshuffle = batch_shuffle_ddp(inputs)
    return batch_unshuffle_ddp(encoder(shuffled), unshuffle)
