"""gather_with_grad on one process and on two gloo processes."""
import torch
import torch.distributed as dist
import torch.nn.functional as F

from mmssl.models.losses import (same_context_contrastive_loss,
                                 same_pace_contrastive_loss)
from mmssl.models.utils import gather_with_grad
from mmssl.testing.distributed import run_on_gloo_processes

WORLD_SIZE = 2
ROWS = 3  # rows per process


def test_one_process_returns_the_tensor_itself():
    tensor = torch.randn(4, 2, requires_grad=True)
    assert gather_with_grad(tensor) is tensor


def data():
    """Inputs of both processes (2 x ROWS, 5), pace labels, and the shared
    initial weights of a linear embedding."""
    gen = torch.Generator().manual_seed(0)
    inputs = torch.randn(2, WORLD_SIZE * ROWS, 5, generator=gen)
    labels = torch.tensor([0, 1, 2, 0, 1, 0])
    weight = torch.randn(5, 4, generator=gen)
    return inputs, labels, weight


def global_loss(weight, inputs, labels):
    """Both contrastive losses of the rows given, with embeddings
    normalise(x W)."""
    z, z_prime = (F.normalize(x @ weight, dim=1) for x in inputs)
    return (same_context_contrastive_loss(z, z_prime, 0.5) +
            same_pace_contrastive_loss(z, labels, 0.5))


def gather_and_backward(rank):
    """One process of two: the loss and gradient it computes."""
    inputs, labels, weight = data()
    mine = slice(rank * ROWS, (rank + 1) * ROWS)
    weight.requires_grad_(True)
    # Each process embeds its own rows, gathers all of them with the
    # gradient and computes the loss of the global batch.
    z, z_prime = (gather_with_grad(F.normalize(x[mine] @ weight, dim=1))
                  for x in inputs)
    gathered_labels = gather_with_grad(labels[mine])
    loss = (same_context_contrastive_loss(z, z_prime, 0.5) +
            same_pace_contrastive_loss(z, gathered_labels, 0.5))
    loss.backward()
    grad = weight.grad.clone()
    dist.all_reduce(grad)  # DDP averages the parameter gradients
    return dict(loss=loss.detach(), grad=grad / WORLD_SIZE,
                labels=gathered_labels)


def test_two_processes_give_the_gradient_of_the_global_batch(tmp_path):
    results = run_on_gloo_processes(gather_and_backward, WORLD_SIZE, tmp_path)
    inputs, labels, weight = data()
    weight.requires_grad_(True)
    expected = global_loss(weight, inputs, labels)
    expected.backward()
    for result in results:
        assert torch.equal(result['labels'], labels)
        torch.testing.assert_close(result['loss'], expected.detach())
        torch.testing.assert_close(result['grad'], weight.grad)
    assert weight.grad.abs().max() > 1e-3  # a gradient worth comparing
