"""Momentum (EMA) key encoder of momentum-contrast methods."""
import torch
import torch.nn as nn
from mmengine.model import ExponentialMovingAverage

from mmssl.errors import ConfigValueError


class MomentumEncoder(ExponentialMovingAverage):
    """A copy of the query encoder that follows it as a moving average.

    ``update_parameters(query_encoder)`` sets every parameter to
    ``m * key + (1 - m) * query``, except at the first call, which copies
    the query encoder (so weights initialised after construction carry
    over); buffers such as BN statistics are copied at every call. The copy
    takes no gradients. Call it once per training step, before the keys are
    computed (MoCo; MMPretrain's algorithms do the same in ``loss``).

    ``momentum`` is MoCo's ``m``, the weight the key encoder keeps; the
    ``momentum`` of MMEngine's ``ExponentialMovingAverage`` is ``1 - m``.
    The update is MMEngine's, done in a few fused (foreach) operations
    instead of one per tensor.

    Args:
        model (nn.Module): The query encoder; copied.
        momentum (float): ``m`` in (0, 1). Defaults to 0.999.
        interval (int): Update every ``interval`` calls. Defaults to 1.
    """

    def __init__(self,
                 model: nn.Module,
                 momentum: float = 0.999,
                 interval: int = 1) -> None:
        if not 0 < momentum < 1:
            raise ConfigValueError(
                f'momentum={momentum!r}: expected the weight the key encoder '
                'keeps per step, in (0, 1), e.g. 0.999')
        super().__init__(model, momentum=1 - momentum, interval=interval)

    @torch.no_grad()
    def update_parameters(self, model: nn.Module) -> None:
        """Copy (first call) or average the parameters; copy the buffers.

        Args:
            model (nn.Module): The query encoder this copy was made from.
        """
        sources = dict(model.named_parameters())
        averaged = list(self.avg_parameters.values())
        current = [sources[name] for name in self.avg_parameters]
        if self.steps == 0:
            torch._foreach_copy_(averaged, current)
        elif self.steps % self.interval == 0:
            torch._foreach_lerp_(averaged, current, self.momentum)
        torch._foreach_copy_(
            list(self.module.buffers()), list(model.buffers()))
        self.steps += 1
