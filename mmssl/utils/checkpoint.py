"""One safe loading path for every checkpoint.

Every checkpoint mmssl reads (``tools/test.py CHECKPOINT``, ``--resume``,
``load_from``, ``backbone_checkpoint``, the analysis tools, the retrieval
feature cache) goes through :func:`safe_load`, which calls ``torch.load``
with ``weights_only=True`` explicitly, whatever torch's default or
``TORCH_FORCE_NO_WEIGHTS_ONLY_LOAD`` say. :func:`enable_safe_checkpoints`
registers it for every scheme of MMEngine's ``CheckpointLoader`` (local
paths, ``http(s)://``, ``open-mmlab://``, ``torchvision://``, ...), so no
MMEngine code path loads a checkpoint another way. URLs are downloaded into
a cache first (:mod:`mmssl.utils.download`).

MMEngine 0.10.7 checkpoints hold three kinds of objects that weights-only
loading refuses by default: numpy arrays, scalars and dtypes (in ``meta``)
and ``HistoryBuffer`` instances (the message hub state), the latter pickled
with ``getattr`` references to its statistics methods. Allow-listing
``getattr`` would let a malicious pickle reach arbitrary callables, so
instead ``HistoryBuffer`` gets a ``__reduce__`` that pickles only its arrays
and its maximum length, and the numpy reconstruction helpers and
``HistoryBuffer`` are allow-listed. Checkpoints written by mmssl therefore
resume with weights-only loading.
"""
import codecs
import io
import os
import os.path as osp
import pickle
import tempfile
import zipfile
from typing import Any, Callable, Dict, Optional

import numpy as np
import torch
from mmengine.logging.history_buffer import HistoryBuffer

from mmssl.errors import CheckpointError, MissingFileError, NonFiniteError

from .download import download_checkpoint

_NUMPY_DTYPE_NAMES = ('bool', 'uint8', 'int8', 'int16', 'int32', 'int64',
                      'float16', 'float32', 'float64')
_URL_PREFIXES = ('http://', 'https://')
#: How a refused file can be made loadable, printed with every refusal.
CONVERT_HINT = ('if you trust the file, convert it once with '
                '"python tools/model_converters/trusted_to_weights_only.py '
                'IN OUT" (or a converter of tools/model_converters/ for its '
                'format) and load OUT')


def _history_buffer_reduce(buffer):
    return (HistoryBuffer, (buffer._log_history, buffer._count_history,
                            buffer.max_length))


def safe_checkpoint_globals() -> list:
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


def _refusal_reason(error: Exception) -> str:
    """The one informative sentence of torch's weights-only refusal (the
    blocked global), without torch's advice to disable the check."""
    marker = 'WeightsUnpickler error:'
    for line in str(error).splitlines():
        if marker in line:
            return line.split(marker, 1)[1].split('. ')[0].strip()
    return str(error).strip().splitlines()[0] if str(error) else \
        type(error).__name__


def _load_weights_only(source, name: str, map_location) -> Any:
    """``torch.load(source, weights_only=True)`` with one-line errors."""
    try:
        return torch.load(source, map_location=map_location, weights_only=True)
    except pickle.UnpicklingError as error:
        reason = _refusal_reason(error)
        if 'Unsupported global' in reason or 'Unsupported operand' in reason \
                or 'Unsupported class' in reason:
            raise CheckpointError(
                f'{name}: refused, it is not a weights-only checkpoint '
                f'({reason}); mmssl never runs code from a checkpoint; '
                f'{CONVERT_HINT}') from error
        raise CheckpointError(
            f'{name}: not a readable checkpoint ({reason})') from error
    except (RuntimeError, EOFError, zipfile.BadZipFile, ValueError,
            OSError) as error:
        reason = str(error).strip().splitlines()[0] if str(error) else \
            type(error).__name__
        raise CheckpointError(
            f'{name}: not a readable checkpoint, truncated or corrupt '
            f'({reason})') from error


def resolve_checkpoint(filename: str, cache_dir: Optional[str] = None) -> str:
    """The local path of a checkpoint: itself, or its cached download.

    ``http(s)://`` URLs are downloaded (verified) into the cache; other
    paths must exist.

    Raises:
        MissingFileError: if a local file does not exist.
        CheckpointError: if a download fails.
    """
    if filename.startswith(_URL_PREFIXES):
        return download_checkpoint(filename, cache_dir=cache_dir)
    if not osp.isfile(filename):
        raise MissingFileError(f'checkpoint file not found: {filename}',
                               filename)
    return filename


def safe_load(filename: str, map_location='cpu') -> Any:
    """Load a checkpoint (a path or a URL) with ``weights_only=True``.

    Args:
        filename (str): A local path or an ``http(s)://`` URL.
        map_location: As in ``torch.load``. Defaults to ``'cpu'``.

    Raises:
        CheckpointError: if the file is missing, empty, truncated, not a
            checkpoint, or needs globals that weights-only loading refuses.
    """
    enable_safe_checkpoints()
    path = resolve_checkpoint(filename)
    if osp.getsize(path) == 0:
        raise CheckpointError(f'{filename}: empty checkpoint file')
    return _load_weights_only(path, filename, map_location)


def check_finite(state_dict: Dict[str, Any], filename: str) -> None:
    """Raise if any floating-point tensor of ``state_dict`` is NaN or inf.

    Raises:
        NonFiniteError: naming the file, the first such key and how many
            tensors are affected.
    """
    bad = [
        key for key, value in state_dict.items()
        if isinstance(value, torch.Tensor) and value.is_floating_point()
        and not bool(torch.isfinite(value).all())
    ]
    if bad:
        raise NonFiniteError(
            f'{filename}: {len(bad)} tensor(s) hold NaN or inf values, first '
            f'"{bad[0]}"; refusing to use these weights')


def atomic_save(obj: Any, path: str) -> None:
    """``torch.save`` to a temporary file beside ``path``, then rename.

    A crash or a full disk leaves ``path`` as it was (absent or the previous
    complete file), never a truncated one.
    """
    directory = osp.dirname(osp.abspath(path))
    fd, tmp_path = tempfile.mkstemp(
        dir=directory, prefix=f'.{osp.basename(path)}.', suffix='.tmp')
    try:
        with os.fdopen(fd, 'wb') as file:
            torch.save(obj, file)
            file.flush()
            os.fsync(file.fileno())
        os.replace(tmp_path, path)
    finally:
        if osp.exists(tmp_path):
            os.remove(tmp_path)


def _load_local(filename, map_location=None):
    return safe_load(filename, map_location)


def _load_url(filename, map_location=None, model_dir=None):
    return _load_weights_only(
        download_checkpoint(filename, cache_dir=model_dir), filename,
        map_location)


def _load_via_fileio(filename, map_location=None):
    """Other storage backends (``s3://``, ``petrel://``): read the bytes
    with MMEngine's file I/O, load them weights-only."""
    from mmengine import fileio
    return _load_weights_only(
        io.BytesIO(fileio.get(filename)), filename, map_location)


def _refuse_scheme(filename, map_location=None):
    raise CheckpointError(f'{filename}: this checkpoint scheme is not '
                          'supported by mmssl; download the file and pass '
                          'its local path')


def _named_url_loader(resolve: Callable[[str], str],
                      postprocess: Callable = None) -> Callable:
    """A loader for ``scheme://name``: ``resolve`` maps it to a URL (or a
    local path), loaded safely; ``postprocess`` adapts the result."""

    def load(filename, map_location=None):
        target = resolve(filename)
        checkpoint = _load_url(target, map_location) \
            if target.startswith(_URL_PREFIXES) \
            else safe_load(target, map_location)
        return postprocess(checkpoint) if postprocess else checkpoint

    return load


def _model_url(table: dict, filename: str, name: str) -> str:
    if name not in table:
        raise CheckpointError(f'{filename}: unknown model name "{name}"')
    return table[name]


def _openmmlab_url(filename: str) -> str:
    from mmengine.runner import checkpoint as mm_ckpt
    name = filename.split('://', 1)[1]
    name = mm_ckpt.get_deprecated_model_names().get(name, name)
    url = _model_url(mm_ckpt.get_external_models(), filename, name)
    return url if url.startswith(_URL_PREFIXES) else osp.join(
        mm_ckpt._get_mmengine_home(), url)


def _torchvision_url(filename: str) -> str:
    from mmengine.runner import checkpoint as mm_ckpt
    return _model_url(mm_ckpt.get_torchvision_models(), filename,
                      filename.split('://', 1)[1])


def _mmcls_url(filename: str) -> str:
    from mmengine.runner import checkpoint as mm_ckpt
    return _model_url(mm_ckpt.get_mmcls_models(), filename,
                      filename.split('://', 1)[1])


def _safe_loaders() -> Dict[str, Callable]:
    """A safe loader for every scheme MMEngine 0.10.7 registers."""
    from mmengine.runner import checkpoint as mm_ckpt
    return {
        '':
        _load_local,
        'http://':
        _load_url,
        'https://':
        _load_url,
        'open-mmlab://':
        _named_url_loader(_openmmlab_url),
        'openmmlab://':
        _named_url_loader(_openmmlab_url),
        'modelzoo://':
        _named_url_loader(_torchvision_url),
        'torchvision://':
        _named_url_loader(_torchvision_url),
        'mmcls://':
        _named_url_loader(_mmcls_url, mm_ckpt._process_mmcls_checkpoint),
        'pavi://':
        _refuse_scheme,
    }


_enabled = False


def enable_safe_checkpoints() -> None:
    """Make every MMEngine checkpoint load go through :func:`safe_load`.

    Allow-lists the globals of MMEngine checkpoints, pickles
    ``HistoryBuffer`` by value, and registers a safe loader for every
    scheme of ``CheckpointLoader``: the known ones get their safe
    equivalent, any other (``s3://``, ``petrel://`` ...) is read through
    MMEngine's file I/O and loaded weights-only. Idempotent.
    """
    global _enabled
    if _enabled:
        return
    from mmengine.runner.checkpoint import CheckpointLoader
    HistoryBuffer.__reduce__ = _history_buffer_reduce
    torch.serialization.add_safe_globals(safe_checkpoint_globals())
    loaders = _safe_loaders()
    for prefix in list(CheckpointLoader._schemes):
        CheckpointLoader.register_scheme(
            prefix, loaders.get(prefix, _load_via_fileio), force=True)
    _enabled = True
