"""The kinds of view a multi-view sample holds, and their ids.

Every clip of a multi-view sample is one kind of view: a sampled RGB clip,
a static clip (one frame repeated) or a frame-difference clip. The id of
each clip's kind travels as ``results['view_labels']`` (N,) through the
pipeline and as the data-sample field ``view_labels`` (N,) to the model;
clips without one are RGB. The datasets (views, spatial transforms) and the
models (data preprocessor, view routing) share this one vocabulary; the
module imports nothing but :mod:`mmssl.errors`, so every layer can use it.
"""
from typing import Sequence, Tuple

from mmssl.errors import ConfigValueError

#: Id of each kind of view in ``view_labels``.
VIEW_LABELS = {'rgb': 0, 'static': 1, 'diff': 2}

#: Name of each id of :data:`VIEW_LABELS`.
VIEW_NAMES = {view_id: name for name, view_id in VIEW_LABELS.items()}


def check_view_names(names: Sequence[str], owner: str,
                     key: str = 'views') -> Tuple[str, ...]:
    """The view names as a tuple, after checking each is known.

    Args:
        names (Sequence[str]): View names, keys of :data:`VIEW_LABELS`.
        owner (str): Who takes them, for the message (a class name).
        key (str): The argument that holds them. Defaults to ``'views'``.

    Raises:
        ConfigValueError: if ``names`` is a bare string, is empty or holds
            an unknown name.
    """
    if isinstance(names, str) or not len(names):
        raise ConfigValueError(
            f'{owner}: {key}={names!r}, expected a non-empty sequence of '
            f'view names from {tuple(VIEW_LABELS)}')
    unknown = [name for name in names if name not in VIEW_LABELS]
    if unknown:
        raise ConfigValueError(
            f'{owner}: {key}={tuple(names)} has unknown view '
            f'{unknown[0]!r}, expected names from {tuple(VIEW_LABELS)}')
    return tuple(names)
