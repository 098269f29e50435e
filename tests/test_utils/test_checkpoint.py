import io
import pickle

import numpy as np
import pytest
import torch
from mmengine.logging import HistoryBuffer, MessageHub

from mmssl.utils import enable_safe_checkpoints


def _save(obj):
    buffer = io.BytesIO()
    torch.save(obj, buffer)
    buffer.seek(0)
    return buffer


def test_mmengine_checkpoint_content_loads_weights_only():
    enable_safe_checkpoints()
    hub = MessageHub.get_instance('test_checkpoint_hub')
    for value in (1.0, 2.0, 4.0):
        hub.update_scalar('train/loss', value)
    ckpt = dict(
        meta=dict(seed=np.int64(7), epoch=3, dtype=np.dtype('float32'),
                  array=np.arange(3)),
        message_hub=hub.state_dict(),
        state_dict=dict(weight=torch.ones(2)))
    loaded = torch.load(_save(ckpt), weights_only=True)
    assert loaded['meta']['seed'] == 7
    np.testing.assert_array_equal(loaded['meta']['array'], np.arange(3))
    buffer = loaded['message_hub']['log_scalars']['train/loss']
    assert isinstance(buffer, HistoryBuffer)
    assert buffer.mean() == pytest.approx(7 / 3)
    assert buffer.current() == 4.0


class _Payload:

    def __reduce__(self):
        return (print, ('pwned', ))


def test_arbitrary_callables_are_still_refused():
    enable_safe_checkpoints()
    with pytest.raises(pickle.UnpicklingError):
        torch.load(_save(dict(evil=_Payload())), weights_only=True)
