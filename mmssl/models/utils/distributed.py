"""All-gather that keeps the gradient, for in-batch negatives across processes.

A contrastive loss over the global batch needs every process's embeddings.
:func:`gather_with_grad` concatenates them in rank order; in the backward
pass the gradient of the gathered tensor is summed over processes and each
process keeps the slice of its own rows. When every process computes the
same loss of the gathered batch, DDP's averaging of the parameter gradients
then gives exactly the gradient of that loss with respect to all the
parameters, as on one process with the whole batch.
"""
import torch
import torch.distributed as torch_dist
from mmengine.dist import all_gather, get_rank, get_world_size


class _GatherWithGrad(torch.autograd.Function):
    """Forward: all-gather along dim 0. Backward: sum the incoming gradients
    over processes, return this process's rows."""

    @staticmethod
    def forward(ctx, tensor: torch.Tensor) -> torch.Tensor:
        ctx.rows = len(tensor)
        return torch.cat(all_gather(tensor.contiguous()))

    @staticmethod
    def backward(ctx, grad: torch.Tensor) -> torch.Tensor:
        grad = grad.contiguous()
        torch_dist.all_reduce(grad)
        start = get_rank() * ctx.rows
        return grad[start:start + ctx.rows]


def gather_with_grad(tensor: torch.Tensor) -> torch.Tensor:
    """Rows of all processes, in rank order, differentiable for own rows.

    Args:
        tensor (torch.Tensor): This process's rows (M, ...); every process
            passes the same M. Integer tensors (labels) are gathered
            without a gradient.

    Returns:
        torch.Tensor: (world_size * M, ...); rows ``[r * M, (r + 1) * M)``
        are process r's. On one process: ``tensor`` itself.
    """
    if get_world_size() == 1:
        return tensor
    if not tensor.requires_grad:
        return torch.cat(all_gather(tensor.contiguous()))
    return _GatherWithGrad.apply(tensor)
