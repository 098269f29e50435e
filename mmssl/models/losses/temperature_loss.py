"""Base of the weighted losses that score similarities over a temperature."""
from mmaction.models.losses.base import BaseWeightedLoss

from mmssl.errors import ConfigValueError


class TemperatureLoss(BaseWeightedLoss):
    """A weighted loss of similarities divided by a temperature tau.

    Subclasses implement ``_forward`` with ``self.temperature``.

    Args:
        temperature (float): tau, > 0.
        loss_weight (float): Factor on the loss. Defaults to 1.0.
    """

    def __init__(self, temperature: float, loss_weight: float = 1.0) -> None:
        if not temperature > 0:
            raise ConfigValueError(
                f'{type(self).__name__} temperature must be > 0, got '
                f'temperature={temperature!r}')
        super().__init__(loss_weight=loss_weight)
        self.temperature = temperature
