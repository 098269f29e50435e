"""Prototype upkeep of prototype-based methods (Static and Dynamic Concepts):
unit norm after every step, frozen in the first epochs."""
from typing import List

import torch
import torch.nn as nn
import torch.nn.functional as F
from mmengine.hooks import Hook
from mmengine.model import is_model_wrapper

from mmssl.errors import ConfigValueError
from mmssl.registry import HOOKS


def find_prototypes(model: nn.Module, attr: str = 'prototypes') -> List:
    """The ``attr`` parameters (K, D) of every submodule of ``model``."""
    if is_model_wrapper(model):
        model = model.module
    found = [
        getattr(module, attr) for module in model.modules()
        if isinstance(getattr(module, attr, None), nn.Parameter)
    ]
    if not found:
        raise ConfigValueError(
            f'{type(model).__name__} has no module with a parameter '
            f'"{attr}"; the prototype hooks need one (e.g. ConceptHead)')
    return found


@HOOKS.register_module()
class PrototypeNormHook(Hook):
    """Rescale every prototype to unit L2 norm after each training step.

    Codes are cosine similarities only while the prototypes are unit
    vectors; the optimiser step moves them off the sphere.

    Args:
        attr (str): Attribute holding the prototypes (K, D) in the
            model's modules. Defaults to 'prototypes'.
    """

    priority = 'NORMAL'

    def __init__(self, attr: str = 'prototypes') -> None:
        self.attr = attr

    def before_train(self, runner) -> None:
        self._normalise(runner.model)

    def after_train_iter(self, runner, batch_idx, data_batch=None,
                         outputs=None) -> None:
        self._normalise(runner.model)

    @torch.no_grad()
    def _normalise(self, model: nn.Module) -> None:
        for prototypes in find_prototypes(model, self.attr):
            prototypes.copy_(F.normalize(prototypes, dim=1))


@HOOKS.register_module()
class FreezePrototypesHook(Hook):
    """No gradient (hence no optimiser update) for the prototypes in the
    first ``epochs`` epochs.

    Before each training epoch, the prototypes' ``requires_grad`` is False
    while ``runner.epoch < epochs`` and True afterwards; optimisers skip
    parameters without a gradient, weight decay included (as the authors
    drop the prototypes' gradients in epoch 0).

    Args:
        epochs (int): Frozen epochs. Defaults to 1.
        attr (str): See :class:`PrototypeNormHook`.
    """

    priority = 'NORMAL'

    def __init__(self, epochs: int = 1, attr: str = 'prototypes') -> None:
        if epochs < 0:
            raise ConfigValueError(
                f'FreezePrototypesHook: epochs={epochs!r}, expected >= 0')
        self.epochs = epochs
        self.attr = attr

    def before_train_epoch(self, runner) -> None:
        frozen = runner.epoch < self.epochs
        for prototypes in find_prototypes(runner.model, self.attr):
            prototypes.requires_grad_(not frozen)
            if frozen:
                prototypes.grad = None
