"""Stop training at the first non-finite loss."""
import math
from typing import Optional

import torch
from mmengine.hooks import Hook

from mmssl.errors import NonFiniteError
from mmssl.registry import HOOKS


@HOOKS.register_module()
class NonFiniteLossHook(Hook):
    """Raise :class:`~mmssl.errors.NonFiniteError` when a loss is NaN or inf.

    Checks every logged value whose name starts with ``loss`` after each
    training iteration, so a run whose weights or data went wrong stops at
    once, naming the iteration and the loss, and its last checkpoint stays
    the last good one. MMEngine's ``CheckInvalidLossHook`` checks only every
    ``interval`` iterations and raises a bare ``AssertionError``.
    """

    priority = 'VERY_HIGH'

    def after_train_iter(self,
                         runner,
                         batch_idx: int,
                         data_batch=None,
                         outputs: Optional[dict] = None) -> None:
        for name, value in (outputs or {}).items():
            if not name.startswith('loss'):
                continue
            number = value.item() if isinstance(value, torch.Tensor) \
                and value.numel() == 1 else value
            if isinstance(number, float) and not math.isfinite(number):
                raise NonFiniteError(
                    f'training loss "{name}" is {number} at iteration '
                    f'{runner.iter + 1} (epoch {runner.epoch + 1}); stopping. '
                    'Check the learning rate, the data and the weights '
                    '(--resume and load_from refuse non-finite checkpoints)')
