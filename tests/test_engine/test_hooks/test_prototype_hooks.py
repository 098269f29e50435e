"""PrototypeNormHook and FreezePrototypesHook."""
from types import SimpleNamespace

import pytest
import torch
import torch.nn as nn

from mmssl.engine.hooks import FreezePrototypesHook, PrototypeNormHook
from mmssl.errors import ConfigValueError
from mmssl.models.heads import ConceptHead


class Model(nn.Module):
    """A concept head and a plain linear layer."""

    def __init__(self):
        super().__init__()
        self.head = ConceptHead(in_channels=4, num_static=2, num_dynamic=3)
        self.other = nn.Linear(4, 4)

    def forward(self, x):
        return (self.head.codes(x) ** 2).sum() + self.other(x).sum()


def step(model, optimizer):
    optimizer.zero_grad()
    model(torch.randn(6, 4)).backward()
    optimizer.step()


def test_norm_hook_makes_prototypes_unit_after_a_step():
    torch.manual_seed(0)
    model = Model()
    runner = SimpleNamespace(model=model)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.5)
    step(model, optimizer)
    norms = model.head.prototypes.norm(dim=1)
    assert (norms - 1).abs().max().item() > 1e-2
    direction = model.head.prototypes.detach() / norms[:, None]
    PrototypeNormHook().after_train_iter(runner, 0)
    torch.testing.assert_close(model.head.prototypes.norm(dim=1),
                               torch.ones(5))
    torch.testing.assert_close(model.head.prototypes.detach(), direction)


def test_freeze_hook_keeps_prototypes_in_epoch_zero_only():
    torch.manual_seed(0)
    model = Model()
    optimizer = torch.optim.Adam(model.parameters(), lr=0.1,
                                 weight_decay=1e-2)
    hook = FreezePrototypesHook(epochs=1)
    runner = SimpleNamespace(model=model, epoch=0)
    hook.before_train_epoch(runner)
    before = model.head.prototypes.detach().clone()
    other = model.other.weight.detach().clone()
    for _ in range(3):
        step(model, optimizer)
    torch.testing.assert_close(model.head.prototypes.detach(), before,
                               rtol=0, atol=0)
    assert not torch.equal(model.other.weight, other)
    runner.epoch = 1
    hook.before_train_epoch(runner)
    step(model, optimizer)
    assert not torch.equal(model.head.prototypes.detach(), before)


def test_hooks_name_a_model_without_prototypes():
    runner = SimpleNamespace(model=nn.Linear(2, 2), epoch=0)
    with pytest.raises(ConfigValueError, match='prototypes'):
        PrototypeNormHook().after_train_iter(runner, 0)
    with pytest.raises(ConfigValueError, match='epochs'):
        FreezePrototypesHook(epochs=-1)
