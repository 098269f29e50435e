"""Checkpoints that load with ``torch.load(weights_only=True)``.

Since torch 2.6, ``torch.load`` refuses any global that is not allow-listed,
and MMEngine 0.10.7 checkpoints hold three kinds of such objects: numpy
arrays, scalars and dtypes (in ``meta``) and ``HistoryBuffer`` instances (the
message hub state), the latter pickled with ``getattr`` references to its
statistics methods. Allow-listing ``getattr`` would let a malicious pickle
reach arbitrary callables, so instead:

* ``HistoryBuffer`` is given a ``__reduce__`` that pickles only its arrays
  and its maximum length, rebuilt through the (allow-listed) constructor;
* the numpy reconstruction helpers and ``HistoryBuffer`` are allow-listed.

Every checkpoint, local or downloaded, still loads with ``weights_only=True``,
so none can execute code; checkpoints written by mmssl resume out of the box.
"""
import codecs

import numpy as np
import torch
from mmengine.logging.history_buffer import HistoryBuffer

_NUMPY_DTYPE_NAMES = ('bool', 'uint8', 'int8', 'int16', 'int32', 'int64',
                      'float16', 'float32', 'float64')


def _history_buffer_reduce(buffer):
    return (HistoryBuffer, (buffer._log_history, buffer._count_history,
                            buffer.max_length))


def safe_checkpoint_globals():
    """The globals allow-listed for ``weights_only`` loading.

    Returns:
        list: classes and functions safe to reconstruct: plain numpy arrays,
        scalars and dtypes, ``codecs.encode`` (bytes of numpy scalars) and
        ``HistoryBuffer``.
    """
    multiarray = np._core.multiarray if hasattr(np, '_core') \
        else np.core.multiarray
    dtype_classes = [type(np.dtype(name)) for name in _NUMPY_DTYPE_NAMES]
    return [
        HistoryBuffer, np.ndarray, np.dtype, multiarray._reconstruct,
        multiarray.scalar, codecs.encode, *dtype_classes
    ]


def enable_safe_checkpoints():
    """Make MMEngine checkpoints save and load with ``weights_only=True``.

    Idempotent; called by :func:`mmssl.utils.register_all_modules`.
    """
    HistoryBuffer.__reduce__ = _history_buffer_reduce
    torch.serialization.add_safe_globals(safe_checkpoint_globals())
