"""Temporal transformations and the multi-clip sampler.

A temporal transformation is one function of a clip's start frame::

    transformation(start, clip_len, video_len, rng) -> frame_inds (clip_len,)

plus ``span(clip_len)``, the number of source frames the clip consumes from
``start`` on (the sampler picks starts so that spans fit in the video).
Transformations live in the ``TEMPORAL_TRANSFORMS`` registry; adding one is
registering a class there, the sampler never changes.

``MultiClipSampler`` maps a configured list of transformations over the N
clips of a sample. The label of a clip is the position of its transformation
in that list, so class sets are written as lists, e.g.

- TransRank: ``[dict(type='Speed', rate=r) for r in (1, 2, 4, 8)]
  + [dict(type='Reverse')]``
- slow-fast paces: ``[dict(type='Speed', rate=r)
  for r in (1 / 3, 1 / 2, 1, 2, 3)]``
- signed paces (8 classes): ``[dict(type='Speed', rate=r) for r in
  (1, 2, 3, 4)] + [dict(type='Reverse', transform=dict(type='Speed',
  rate=r)) for r in (1, 2, 3, 4)]``
- random backwards (4 classes, backwards folded into forwards):
  ``[dict(type='RandomReverse', transform=dict(type='Speed', rate=r))
  for r in (1, 2, 3, 4)]``
"""
from abc import ABCMeta, abstractmethod
from typing import Callable, List, Sequence, Union

import numpy as np
from mmcv.transforms import BaseTransform

from mmssl.errors import ConfigValueError
from mmssl.registry import TEMPORAL_TRANSFORMS, TRANSFORMS

from .decoding import VideoDecodeError


class TemporalTransform(metaclass=ABCMeta):
    """One clip's frame indices as a function of its start frame."""

    @abstractmethod
    def span(self, clip_len: int) -> int:
        """Number of source frames a clip of ``clip_len`` frames consumes.

        Counted up to where a following clip would continue, e.g.
        ``k * clip_len`` for ``Speed(k)``.
        """

    @abstractmethod
    def __call__(self, start: int, clip_len: int, video_len: int,
                 rng: np.random.Generator) -> np.ndarray:
        """Frame indices (clip_len,) int of a clip starting at ``start``.

        Indices lie in ``[start, start + span)``; they may pass the end of
        short videos, which the sampler resolves.
        """


def build_temporal_transform(
        cfg: Union[dict, TemporalTransform]) -> TemporalTransform:
    """Build a temporal transformation from its config (or pass it on)."""
    if isinstance(cfg, TemporalTransform):
        return cfg
    if not isinstance(cfg, dict):
        raise ConfigValueError(
            'a temporal transformation must be a config dict or '
            f'a TemporalTransform, got {cfg!r}')
    return TEMPORAL_TRANSFORMS.build(cfg)


def _step_and_repeat(rate: float) -> tuple:
    """(frame step, frame repeat) of an integer rate k or a slow rate 1/k."""
    if rate >= 1 and float(rate).is_integer():
        return int(rate), 1
    if 0 < rate < 1 and abs(1 / rate - round(1 / rate)) < 1e-6:
        return 1, round(1 / rate)
    raise ConfigValueError('Speed rate must be an integer >= 1 or 1/k for an '
                           f'integer k >= 2, got rate={rate!r}')


@TEMPORAL_TRANSFORMS.register_module()
class Speed(TemporalTransform):
    """Play the clip at ``rate`` times the original speed.

    A fast rate k takes every k-th frame; a slow rate 1/k repeats each frame
    k times (Pace Prediction's slow paces by replication). With T=4 from
    start s: rate 2 gives s, s+2, s+4, s+6; rate 1/2 gives s, s, s+1, s+1.

    Args:
        rate (int | float): An integer >= 1 or 1/k for an integer k >= 2
            (write ``1 / 3`` in configs).
    """

    def __init__(self, rate: Union[int, float] = 1):
        self.rate = rate
        self.step, self.repeat = _step_and_repeat(rate)

    def span(self, clip_len: int) -> int:
        return self.step * -(-clip_len // self.repeat)

    def __call__(self, start, clip_len, video_len, rng):
        return start + self.step * (np.arange(clip_len) // self.repeat)

    def __repr__(self) -> str:
        return f'Speed(rate={self.rate})'


@TEMPORAL_TRANSFORMS.register_module()
class Reverse(TemporalTransform):
    """Play another transformation's clip backwards.

    Args:
        transform (dict | TemporalTransform): The clip to reverse. Defaults
            to ``dict(type='Speed', rate=1)``, i.e. the clip played backwards.
    """

    def __init__(self, transform=dict(type='Speed', rate=1)):
        self.transform = build_temporal_transform(transform)

    def span(self, clip_len: int) -> int:
        return self.transform.span(clip_len)

    def __call__(self, start, clip_len, video_len, rng):
        return self.transform(start, clip_len, video_len, rng)[::-1]

    def __repr__(self) -> str:
        return f'Reverse({self.transform!r})'


@TEMPORAL_TRANSFORMS.register_module()
class RandomReverse(TemporalTransform):
    """Play another transformation's clip backwards with probability ``prob``.

    Forward and backward clips share one label ('random backwards').

    Args:
        transform (dict | TemporalTransform): The clip to reverse.
        prob (float): Probability of playing backwards. Defaults to 0.5.
    """

    def __init__(self, transform, prob: float = 0.5):
        if not 0 <= prob <= 1:
            raise ConfigValueError(
                f'RandomReverse prob must be in [0, 1], got '
                f'prob={prob!r}')
        self.transform = build_temporal_transform(transform)
        self.prob = prob

    def span(self, clip_len: int) -> int:
        return self.transform.span(clip_len)

    def __call__(self, start, clip_len, video_len, rng):
        inds = self.transform(start, clip_len, video_len, rng)
        return inds[::-1] if rng.random() < self.prob else inds

    def __repr__(self) -> str:
        return f'RandomReverse({self.transform!r}, prob={self.prob})'


@TEMPORAL_TRANSFORMS.register_module()
class Periodic(TemporalTransform):
    """Play forwards, then backwards: one period of a triangle wave.

    With ``A = clip_len // 2`` the k-th index is
    ``start + rate * (A - |A - k|)``; T=8, rate 1 gives s, s+1, s+2, s+3,
    s+4, s+3, s+2, s+1.

    Args:
        rate (int): Frame step of both directions. Defaults to 1.
    """

    def __init__(self, rate: int = 1):
        if not (float(rate).is_integer() and rate >= 1):
            raise ConfigValueError(
                f'Periodic rate must be an integer >= 1, got '
                f'rate={rate!r}')
        self.rate = int(rate)

    def span(self, clip_len: int) -> int:
        return self.rate * (clip_len // 2 + 1)

    def __call__(self, start, clip_len, video_len, rng):
        amplitude = clip_len // 2
        k = np.arange(clip_len)
        return start + self.rate * (amplitude - np.abs(amplitude - k))

    def __repr__(self) -> str:
        return f'Periodic(rate={self.rate})'


@TEMPORAL_TRANSFORMS.register_module()
class Warp(TemporalTransform):
    """Random non-uniform frame skipping, strictly increasing.

    Draws ``clip_len`` distinct frames from the ``rate * clip_len`` frames
    after ``start`` (fewer when the video ends earlier, but at least
    ``clip_len``) and sorts them, so the mean speed is about ``rate``.

    Args:
        rate (int): Window length in clip lengths, >= 2. Defaults to 4.
    """

    def __init__(self, rate: int = 4):
        if not (float(rate).is_integer() and rate >= 2):
            raise ConfigValueError(f'Warp rate must be an integer >= 2, got '
                                   f'rate={rate!r}')
        self.rate = int(rate)

    def span(self, clip_len: int) -> int:
        return self.rate * clip_len

    def __call__(self, start, clip_len, video_len, rng):
        window = max(clip_len, min(self.span(clip_len), video_len - start))
        return start + np.sort(rng.choice(window, clip_len, replace=False))

    def __repr__(self) -> str:
        return f'Warp(rate={self.rate})'


def _assign_each(num_transforms: int, num_clips: int,
                 rng: np.random.Generator) -> np.ndarray:
    """Each transformation once, in configured order."""
    return np.arange(num_transforms)


def _assign_permutation(num_transforms: int, num_clips: int,
                        rng: np.random.Generator) -> np.ndarray:
    """Each transformation once, in random order."""
    return rng.permutation(num_transforms)


def _assign_random(num_transforms: int, num_clips: int,
                   rng: np.random.Generator) -> np.ndarray:
    """A uniformly random transformation per clip."""
    return rng.integers(num_transforms, size=num_clips)


#: ``assign`` policy -> function (num_transforms, num_clips, rng) -> labels.
ASSIGNMENTS = dict(
    each=_assign_each, permutation=_assign_permutation, random=_assign_random)


def _independent_starts(spans: np.ndarray, video_len: int,
                        pick: Callable[[int], int]) -> np.ndarray:
    """Each clip its own start."""
    return np.array([pick(max(video_len - span, 0)) for span in spans])


def _shared_starts(spans: np.ndarray, video_len: int,
                   pick: Callable[[int], int]) -> np.ndarray:
    """All clips start at the same frame."""
    return np.full(len(spans), pick(max(video_len - spans.max(), 0)))


def _adjacent_starts(spans: np.ndarray, video_len: int,
                     pick: Callable[[int], int]) -> np.ndarray:
    """Each clip starts where the previous clip's span ends."""
    first = pick(max(video_len - spans.sum(), 0))
    return first + np.concatenate([[0], np.cumsum(spans[:-1])])


#: Start mode -> function (spans (N,), video_len, pick) -> starts (N,), where
#: ``pick(high)`` returns the first start, an int in [0, high].
START_MODES = dict(
    independent=_independent_starts,
    shared=_shared_starts,
    adjacent=_adjacent_starts)

#: Short-video policy -> function (frame_inds, video_len) -> frame_inds
#: within [0, video_len).
SHORT_VIDEO_POLICIES = dict(
    loop=lambda inds, video_len: inds % video_len,
    clamp=lambda inds, video_len: np.minimum(inds, video_len - 1))


def _check_choice(name: str, value: str, choices: dict) -> None:
    if value not in choices:
        raise ConfigValueError(f'MultiClipSampler {name} must be one of '
                               f'{sorted(choices)}, got {name}={value!r}')


@TRANSFORMS.register_module()
class MultiClipSampler(BaseTransform):
    """Sample N clips of one video, each under a temporal transformation.

    Required Keys:

        - total_frames (from ``DecordOpen`` or a frame-list annotation)
        - start_index (optional, added to every index; 1 for frame folders)
        - sample_idx (optional, seeds the test-mode randomness)

    Added Keys:

        - frame_inds: (N*T,) int64, clip i occupies ``[i*T:(i+1)*T]``
        - num_clips: N
        - clip_len: T
        - ``label_key``: (N,) int64, position of each clip's transformation
          in ``transforms``

    Examples::

        # TransRank: 1x, 2x, 4x, 8x and reverse, one clip each
        dict(type='MultiClipSampler', clip_len=16,
             transforms=[dict(type='Speed', rate=r) for r in (1, 2, 4, 8)]
             + [dict(type='Reverse')])
        # RSPNet: a 1x and a 2x clip from the same start frame
        dict(type='MultiClipSampler', clip_len=16, start_mode='shared',
             transforms=[dict(type='Speed', rate=1),
                         dict(type='Speed', rate=2)])
        # Pace Prediction: one clip at a random pace of 1, 2, 3 or 4
        dict(type='MultiClipSampler', clip_len=16, assign='random',
             transforms=[dict(type='Speed', rate=r) for r in (1, 2, 3, 4)])

    Args:
        clip_len (int): Output frames per clip, T.
        transforms (list[dict | TemporalTransform]): The transformation set;
            see ``TEMPORAL_TRANSFORMS``.
        assign (str): ``'each'``: every transformation once, in order
            (N = len(transforms)); ``'permutation'``: every transformation
            once, in random order; ``'random'``: each of ``num_clips`` clips an
            independent uniformly random transformation. Defaults to 'each'.
        num_clips (int, optional): N for ``assign='random'``, defaults
            to 1 there; must be None or len(transforms) otherwise.
        start_mode (str): ``'independent'``: a random start per clip;
            ``'shared'``: one start for all clips; ``'adjacent'``: clips one
            after another, each starting where the previous span ends.
            Defaults to 'independent'.
        short_video (str): Indices past the last frame of a video shorter
            than the span: ``'loop'`` wraps them (index modulo length),
            ``'clamp'`` repeats the last frame. Defaults to 'loop'.
        label_key (str): Results key of the labels. Defaults to
            'temporal_labels'.
        test_mode (bool): Deterministic sampling for evaluation: starts at
            the centre of the free range, and the random choices (assignment,
            warp, random reverse) seeded by ``sample_idx``. Defaults to False.
    """

    def __init__(self,
                 clip_len: int,
                 transforms: Sequence[Union[dict, TemporalTransform]],
                 assign: str = 'each',
                 num_clips: int = None,
                 start_mode: str = 'independent',
                 short_video: str = 'loop',
                 label_key: str = 'temporal_labels',
                 test_mode: bool = False):
        if not clip_len >= 1:
            raise ConfigValueError(
                f'MultiClipSampler clip_len must be >= 1, got '
                f'clip_len={clip_len!r}')
        if not transforms:
            raise ConfigValueError(
                'MultiClipSampler transforms must be a non-empty '
                f'list, got transforms={transforms!r}')
        _check_choice('assign', assign, ASSIGNMENTS)
        _check_choice('start_mode', start_mode, START_MODES)
        _check_choice('short_video', short_video, SHORT_VIDEO_POLICIES)
        self.clip_len = clip_len
        self.transforms: List[TemporalTransform] = [
            build_temporal_transform(cfg) for cfg in transforms
        ]
        self.assign = assign
        self.num_clips = self._resolve_num_clips(assign, num_clips)
        self.start_mode = start_mode
        self.short_video = short_video
        self.label_key = label_key
        self.test_mode = test_mode

    def _resolve_num_clips(self, assign: str, num_clips: int) -> int:
        if assign == 'random':
            if num_clips is not None and num_clips < 1:
                raise ConfigValueError(
                    'MultiClipSampler num_clips must be >= 1, '
                    f'got num_clips={num_clips!r}')
            return 1 if num_clips is None else num_clips
        if num_clips not in (None, len(self.transforms)):
            raise ConfigValueError(
                f"MultiClipSampler with assign='{assign}' samples one "
                f'clip per transformation ({len(self.transforms)}), got '
                f'num_clips={num_clips!r}')
        return len(self.transforms)

    def label_spaces(self) -> dict:
        """The labels this sampler writes: ``{label_key: num_classes}``,
        one class per transformation."""
        return {self.label_key: len(self.transforms)}

    def _rng(self, results: dict) -> np.random.Generator:
        if self.test_mode:
            return np.random.default_rng(results.get('sample_idx', 0))
        # Drawn from the global state, which MMEngine seeds per worker.
        return np.random.default_rng(np.random.randint(2**31))

    def _picker(self, rng: np.random.Generator) -> Callable[[int], int]:
        if self.test_mode:
            return lambda high: high // 2
        return lambda high: int(rng.integers(high + 1))

    def transform(self, results: dict) -> dict:
        video_len = int(results['total_frames'])
        if video_len <= 0:
            source = results.get('filename', results.get('frame_dir'))
            raise VideoDecodeError(
                f'{source} has no frames (total_frames={video_len})')
        rng = self._rng(results)
        labels = ASSIGNMENTS[self.assign](len(self.transforms), self.num_clips,
                                          rng)
        clips = [self.transforms[label] for label in labels]
        spans = np.array([clip.span(self.clip_len) for clip in clips])
        starts = START_MODES[self.start_mode](spans, video_len,
                                              self._picker(rng))
        frame_inds = np.concatenate([
            clip(int(start), self.clip_len, video_len, rng)
            for clip, start in zip(clips, starts)
        ])
        in_video = SHORT_VIDEO_POLICIES[self.short_video](frame_inds,
                                                          video_len)
        offset = results.get('start_index', 0)
        results['frame_inds'] = (in_video + offset).astype(np.int64)
        results['num_clips'] = len(clips)
        results['clip_len'] = self.clip_len
        results[self.label_key] = labels.astype(np.int64)
        return results

    def __repr__(self) -> str:
        return (f'{self.__class__.__name__}(clip_len={self.clip_len}, '
                f'transforms={self.transforms}, '
                f'assign={self.assign}, num_clips={self.num_clips}, '
                f'start_mode={self.start_mode}, '
                f'short_video={self.short_video}, '
                f'label_key={self.label_key}, test_mode={self.test_mode})')
