"""Every loss scoring similarities over a temperature checks it alike."""
import pytest

from mmssl.errors import ConfigValueError
from mmssl.models.losses.temperature_loss import TemperatureLoss
from mmssl.registry import MODELS

LOSSES = ('InfoNCELoss', 'RelativeSpeedLoss', 'SameContextContrastiveLoss',
          'SamePaceContrastiveLoss', 'SwappedPredictionLoss',
          'ConceptEntropyLoss')


@pytest.mark.parametrize('name', LOSSES)
def test_temperature_is_kept_and_must_be_positive(name):
    loss = MODELS.build(dict(type=name, temperature=0.3, loss_weight=2.0))
    assert isinstance(loss, TemperatureLoss)
    assert loss.temperature == 0.3 and loss.loss_weight == 2.0
    for bad in (0, -0.1):
        with pytest.raises(ConfigValueError,
                           match=f'{name} temperature must be > 0'):
            MODELS.build(dict(type=name, temperature=bad))
