"""Views derived from the sampled clips: static frames and frame differences.

A derived view maps a clip ``(T, H, W, 3)`` to a new clip. It either
*appends* the new clips after the existing ones (extra views, as in Static
and Dynamic Concepts: ``v``, ``s``, ``d``) or *replaces* all clips (the
modality of a whole pipeline, e.g. TransRank's RGBDiff).

``results['view_labels']``, (N,) int64, says which view each clip is, with
the ids of :data:`VIEW_LABELS` (``0`` for the sampled RGB clips, which is also
assumed for clips written before any view transform). Pack it like any other
label key to give the model the view of every clip.
"""
from abc import abstractmethod
from typing import Optional, Sequence

import numpy as np
from mmcv.transforms import BaseTransform

from mmssl.errors import ConfigKeyError, ConfigValueError
from mmssl.registry import TRANSFORMS
from mmssl.view_labels import VIEW_LABELS

from .spatial import clip_slices

MODES = ('append', 'replace')


class DerivedView(BaseTransform):
    """Base of views computed clip by clip from the sampled clips.

    Subclasses set :attr:`view` (a key of :data:`VIEW_LABELS`) and implement
    :meth:`derive`.

    In ``'append'`` mode the views of the ``source_clips`` are appended:
    ``imgs`` grows by ``len(source_clips) * T`` frames, ``num_clips`` by
    ``len(source_clips)``, ``view_labels`` by the view's id, and each key of
    ``inherit_label_keys`` (e.g. ``'temporal_labels'``) by the labels of the
    source clips. Other per-clip label arrays keep their length, so pack only
    the inherited ones. In ``'replace'`` mode every clip is replaced by its
    view, labels stay and ``view_labels`` becomes the view's id for all.

    Args:
        mode (str): ``'append'`` or ``'replace'``. Defaults to ``'append'``.
        source_clips (Sequence[int], optional): Clips to derive views from in
            ``'append'`` mode; None for all. Defaults to None.
        inherit_label_keys (Sequence[str]): Per-clip label keys extended with
            the labels of the source clips in ``'append'`` mode.
            Defaults to ``()``.
    """

    view: str

    def __init__(
        self,
        mode: str = 'append',
        source_clips: Optional[Sequence[int]] = None,
        inherit_label_keys: Sequence[str] = ()
    ) -> None:
        name = type(self).__name__
        if mode not in MODES:
            raise ConfigValueError(
                f'{name}: mode={mode!r}, expected one of {MODES}')
        if mode == 'replace' and (source_clips is not None
                                  or inherit_label_keys):
            raise ConfigValueError(
                f"{name}: mode='replace' replaces every clip and keeps the "
                f'labels, so source_clips={source_clips} and '
                f'inherit_label_keys={tuple(inherit_label_keys)} must be '
                'left unset')
        self.mode = mode
        self.source_clips = (None
                             if source_clips is None else tuple(source_clips))
        self.inherit_label_keys = tuple(inherit_label_keys)

    @abstractmethod
    def derive(self, clip: np.ndarray) -> np.ndarray:
        """The view of one clip.

        Args:
            clip (np.ndarray): (T, H, W, 3) uint8.

        Returns:
            np.ndarray: (T', H, W, 3).
        """

    def _sources(self, num_clips: int) -> Sequence[int]:
        if self.source_clips is None:
            return range(num_clips)
        bad = [i for i in self.source_clips if not 0 <= i < num_clips]
        if bad:
            raise ConfigValueError(
                f'{type(self).__name__}: source_clips={self.source_clips} '
                f'has {bad} outside [0, num_clips={num_clips})')
        return self.source_clips

    def transform(self, results: dict) -> dict:
        """Derive the views and append them or replace the clips.

        Args:
            results (dict): Multi-clip results with ``imgs``, ``num_clips``
                and ``clip_len``.

        Returns:
            dict: Results with updated ``imgs``, ``num_clips``, ``clip_len``
            (``'replace'`` mode) and ``view_labels``.
        """
        slices = clip_slices(results)
        num_clips, clip_len = results['num_clips'], results['clip_len']
        imgs = results['imgs']
        sources = self._sources(num_clips)
        views = [self.derive(np.stack(imgs[slices[i]])) for i in sources]
        view_len = len(views[0])
        view_id = VIEW_LABELS[self.view]
        frames = [frame for view in views for frame in view]

        if self.mode == 'replace':
            results['imgs'] = frames
            results['clip_len'] = view_len
            results['view_labels'] = np.full(num_clips, view_id, np.int64)
            return results

        if view_len != clip_len:
            raise ConfigValueError(
                f"{type(self).__name__}: mode='append' needs views of "
                f'clip_len={clip_len} frames, got {view_len}')
        sources = list(sources)
        for key in self.inherit_label_keys:
            if key not in results:
                raise ConfigKeyError(
                    f'{type(self).__name__}: inherit_label_keys has {key!r},'
                    f' not in results (keys: {sorted(results)})')
            labels = np.asarray(results[key])
            results[key] = np.concatenate([labels, labels[sources]])
        view_labels = results.get('view_labels', np.zeros(num_clips, np.int64))
        results['view_labels'] = np.concatenate(
            [view_labels,
             np.full(len(sources), view_id, np.int64)])
        results['imgs'] = list(imgs) + frames
        results['num_clips'] = num_clips + len(sources)
        return results

    def _repr_args(self) -> str:
        return (f'mode={self.mode!r}, source_clips={self.source_clips}, '
                f'inherit_label_keys={self.inherit_label_keys}')


@TRANSFORMS.register_module()
class StaticView(DerivedView):
    """Static clip: one random frame of the clip repeated ``T`` times.

    The view has no motion (the ``s`` input of Static and Dynamic Concepts);
    its frames are uint8 like the source. See :class:`DerivedView` for the
    arguments.
    """

    view = 'static'

    def derive(self, clip: np.ndarray) -> np.ndarray:
        index = np.random.randint(len(clip))
        return np.repeat(clip[index:index + 1], len(clip), axis=0)

    def __repr__(self) -> str:
        return f'{type(self).__name__}({self._repr_args()})'


@TRANSFORMS.register_module()
class FrameDiffView(DerivedView):
    """Frame-difference clip (RGBDiff): ``d_t = x_{t+1} - x_t``.

    A clip of ``T`` frames has ``T - 1`` differences. ``length`` chooses how
    to handle that:

    - ``'pad'`` keeps ``T`` frames by repeating the last difference (needed
      in ``'append'`` mode, where all clips share ``clip_len``);
    - ``'shrink'`` keeps the ``T - 1`` differences (``'replace'`` mode only);
      sample ``clip_len = T + 1`` frames to feed the model ``T``.

    ``out_dtype`` chooses the encoding of the differences ``d`` in
    ``[-255, 255]``:

    - ``'uint8'``: ``(d + 256) // 2`` in ``[0, 255]``, zero motion at 128
      (half the resolution, uint8 like RGB clips, so appended views share
      the RGB clips' dtype and ``mean``/``std`` of the data preprocessor);
      normalise an RGBDiff pipeline with e.g. ``mean=[128.] * 3``;
    - ``'float32'``: ``d`` exactly; normalise with ``mean=[0.] * 3``.

    Args:
        length (str): ``'pad'`` or ``'shrink'``. Defaults to ``'pad'``.
        out_dtype (str): ``'uint8'`` or ``'float32'``.
            Defaults to ``'uint8'``.
        **kwargs: ``mode``, ``source_clips``, ``inherit_label_keys`` of
            :class:`DerivedView`.
    """

    view = 'diff'
    lengths = ('pad', 'shrink')
    out_dtypes = ('uint8', 'float32')

    def __init__(self,
                 length: str = 'pad',
                 out_dtype: str = 'uint8',
                 **kwargs) -> None:
        super().__init__(**kwargs)
        if length not in self.lengths:
            raise ConfigValueError(
                f'FrameDiffView: length={length!r}, expected '
                f'one of {self.lengths}')
        if out_dtype not in self.out_dtypes:
            raise ConfigValueError(f'FrameDiffView: out_dtype={out_dtype!r}, '
                                   f'expected one of {self.out_dtypes}')
        if length == 'shrink' and self.mode == 'append':
            raise ConfigValueError(
                "FrameDiffView: length='shrink' changes clip_len, so it "
                "needs mode='replace'; use length='pad' to append")
        self.length = length
        self.out_dtype = out_dtype

    def derive(self, clip: np.ndarray) -> np.ndarray:
        if len(clip) < 2:
            raise ConfigValueError(f'FrameDiffView: clip_len={len(clip)}, '
                                   'expected at least 2 frames to difference')
        diff = np.subtract(clip[1:], clip[:-1], dtype=np.int16)
        if self.length == 'pad':
            diff = np.concatenate([diff, diff[-1:]])
        if self.out_dtype == 'float32':
            return diff.astype(np.float32)
        return ((diff + 256) >> 1).astype(np.uint8)

    def __repr__(self) -> str:
        return (f'{type(self).__name__}(length={self.length!r}, '
                f'out_dtype={self.out_dtype!r}, {self._repr_args()})')
