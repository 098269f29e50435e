"""Temporal transformations and the multi-clip sampler.

A temporal transformation is one function of a clip's start frame::

    transformation(start, clip_len, video_len, rng) -> frame_inds (clip_len,)

plus ``span(clip_len)``, the number of source frames the clip consumes from
``start`` on (the sampler picks starts so that spans fit in the video).
Transformations live in the ``TEMPORAL_TRANSFORMS`` registry; adding one is
registering a class there, the sampler never changes.

``MultiClipSampler`` maps a configured list of transformations over the N
clips of a sample. The label of a clip is the position of its transformation
in that list, and every clip also records its playback rate (the
transformation's ``playback_rate``). Which transformation each clip gets,
and which clips share a start frame, is a clip-assignment policy of the
``CLIP_ASSIGNMENTS`` registry (``each``, ``permutation``, ``random``,
``distinct_random``, ``relative_speed``). Class sets are written as lists,
e.g.

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
- RSPNet: ``[dict(type='Speed', rate=1), dict(type='Speed', rate=2)]``
  with ``assign='relative_speed'`` (query, positive key, negative key)
- Pace Prediction's same-context contrast: two clips of a video at two
  different paces, ``assign='distinct_random'``
"""
from abc import ABCMeta, abstractmethod
from typing import Callable, List, NamedTuple, Optional, Sequence, Union

import numpy as np
from mmcv.transforms import BaseTransform

from mmssl.errors import ConfigValueError
from mmssl.registry import CLIP_ASSIGNMENTS, TEMPORAL_TRANSFORMS, TRANSFORMS

from .decoding import VideoDecodeError


class TemporalTransform(metaclass=ABCMeta):
    """One clip's frame indices as a function of its start frame.

    Attributes:
        playback_rate (float | None): Source frames advanced per output
            frame, negative when played backwards; None for transformations
            without one constant rate (periodic, warp).
    """

    playback_rate: Optional[float] = None

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
        self.playback_rate = float(rate)

    def span(self, clip_len: int) -> int:
        return self.step * -(-clip_len // self.repeat)

    def __call__(self, start, clip_len, video_len, rng):
        return start + self.step * (np.arange(clip_len) // self.repeat)

    def __repr__(self) -> str:
        return f'Speed(rate={self.rate})'


@TEMPORAL_TRANSFORMS.register_module()
class Reverse(TemporalTransform):
    """Play another transformation's clip backwards.

    Its playback rate is the wrapped one's, negated.

    Args:
        transform (dict | TemporalTransform): The clip to reverse. Defaults
            to ``dict(type='Speed', rate=1)``, i.e. the clip played backwards.
    """

    def __init__(self, transform=dict(type='Speed', rate=1)):
        self.transform = build_temporal_transform(transform)
        rate = self.transform.playback_rate
        self.playback_rate = None if rate is None else -rate

    def span(self, clip_len: int) -> int:
        return self.transform.span(clip_len)

    def __call__(self, start, clip_len, video_len, rng):
        return self.transform(start, clip_len, video_len, rng)[::-1]

    def __repr__(self) -> str:
        return f'Reverse({self.transform!r})'


@TEMPORAL_TRANSFORMS.register_module()
class RandomReverse(TemporalTransform):
    """Play another transformation's clip backwards with probability ``prob``.

    Forward and backward clips share one label ('random backwards') and
    one playback rate, the wrapped transformation's.

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
        self.playback_rate = self.transform.playback_rate

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


class Assignment(NamedTuple):
    """Transformations and start windows of the N clips of one sample.

    Attributes:
        labels (np.ndarray): (N,) int, the position of each clip's
            transformation in the sampler's list.
        windows (np.ndarray): (N,) int in ``[0, W)``: clips with the same
            window share their start frame; windows are placed by the
            sampler's ``start_mode``.
    """
    labels: np.ndarray
    windows: np.ndarray


class ClipAssignment(metaclass=ABCMeta):
    """Policy giving every clip a transformation and a start window.

    Attributes:
        full_windows (bool): Every window spans the longest transformation
            of the set, whichever clips it holds, so that where a window
            lies says nothing about its clips' transformations. False: a
            window spans its longest clip.
    """

    full_windows = False

    def resolve_num_clips(self, num_transforms: int,
                          num_clips: Optional[int]) -> int:
        """N for a set of ``num_transforms``; ``num_clips`` as configured
        (None: the policy's default). Default: one clip per
        transformation."""
        if num_clips not in (None, num_transforms):
            raise ConfigValueError(
                f'{type(self).__name__} samples one clip per transformation '
                f'({num_transforms}), got num_clips={num_clips!r}')
        return num_transforms

    @abstractmethod
    def __call__(self, num_transforms: int, num_clips: int,
                 rng: np.random.Generator) -> Assignment:
        """Labels and windows of ``num_clips`` clips."""

    def __repr__(self) -> str:
        args = ', '.join(
            f'{key}={value!r}' for key, value in vars(self).items())
        return f'{type(self).__name__}({args})'


def _own_windows(num_clips: int) -> np.ndarray:
    """Every clip in a window of its own."""
    return np.arange(num_clips)


@CLIP_ASSIGNMENTS.register_module('each')
class EachOnce(ClipAssignment):
    """Each transformation once, in configured order."""

    def __call__(self, num_transforms, num_clips, rng):
        return Assignment(np.arange(num_transforms), _own_windows(num_clips))


@CLIP_ASSIGNMENTS.register_module('permutation')
class Permutation(ClipAssignment):
    """Each transformation once, in random order."""

    def __call__(self, num_transforms, num_clips, rng):
        return Assignment(
            rng.permutation(num_transforms), _own_windows(num_clips))


@CLIP_ASSIGNMENTS.register_module('random')
class RandomPerClip(ClipAssignment):
    """A uniformly random transformation per clip, ``num_clips`` clips
    (default 1)."""

    def resolve_num_clips(self, num_transforms, num_clips):
        if num_clips is not None and num_clips < 1:
            raise ConfigValueError('MultiClipSampler num_clips must be >= 1, '
                                   f'got num_clips={num_clips!r}')
        return 1 if num_clips is None else num_clips

    def __call__(self, num_transforms, num_clips, rng):
        return Assignment(
            rng.integers(num_transforms, size=num_clips),
            _own_windows(num_clips))


@CLIP_ASSIGNMENTS.register_module('distinct_random')
class DistinctRandom(ClipAssignment):
    """``num_clips`` clips (default 2) with pairwise-distinct random
    transformations, each in a window of its own.

    The transformations are a uniformly random ordered draw without
    replacement, so every ordered pair of distinct transformations is
    equally likely (Pace Prediction's two paces p_i != p_i' of one video,
    supplement Algorithm 1).
    """

    def resolve_num_clips(self, num_transforms, num_clips):
        num_clips = 2 if num_clips is None else num_clips
        if not 1 <= num_clips <= num_transforms:
            raise ConfigValueError(
                f'distinct_random needs 1 <= num_clips <= the number of '
                f'transformations ({num_transforms}), got '
                f'num_clips={num_clips!r}')
        return num_clips

    def __call__(self, num_transforms, num_clips, rng):
        return Assignment(
            rng.choice(num_transforms, size=num_clips, replace=False),
            _own_windows(num_clips))


@CLIP_ASSIGNMENTS.register_module('relative_speed')
class RelativeSpeed(ClipAssignment):
    """RSPNet's query, positive key and negative key (N = 3, in that order).

    ``transforms[0]`` is the base speed (1x), the others are the fast
    speeds. With probability ``base_prob`` the query and the positive key
    play at the base speed and the negative key at a uniformly drawn fast
    speed; otherwise the query and the positive key play at one drawn fast
    speed and the negative key at the base speed. The query has a window of
    its own; both keys share the other window, so the positive pair is two
    windows at one speed and the negative is the key window at the other.
    Both windows span the fastest clip (2 x 16 frames for 16-frame clips at
    1x and 2x); a 1x clip is the first frames of its window.

    Args:
        base_prob (float): Probability of a base-speed query.
            Defaults to 0.5.
    """

    full_windows = True

    def __init__(self, base_prob: float = 0.5):
        if not 0 <= base_prob <= 1:
            raise ConfigValueError('relative_speed base_prob must be in '
                                   f'[0, 1], got base_prob={base_prob!r}')
        self.base_prob = base_prob

    def resolve_num_clips(self, num_transforms, num_clips):
        if num_transforms < 2:
            raise ConfigValueError(
                'relative_speed needs a base speed and at least one other '
                f'(transforms[0] and transforms[1:]), got {num_transforms} '
                'transformation(s)')
        if num_clips not in (None, 3):
            raise ConfigValueError(
                'relative_speed samples 3 clips (query, positive key, '
                f'negative key), got num_clips={num_clips!r}')
        return 3

    def __call__(self, num_transforms, num_clips, rng):
        base_query = rng.random() < self.base_prob
        fast = int(rng.integers(1, num_transforms))
        query, negative = (0, fast) if base_query else (fast, 0)
        return Assignment(
            np.array([query, query, negative]), np.array([0, 1, 1]))


def build_clip_assignment(
        cfg: Union[str, dict, ClipAssignment]) -> ClipAssignment:
    """A policy from its name, its config dict, or itself."""
    if isinstance(cfg, ClipAssignment):
        return cfg
    if isinstance(cfg, str):
        cfg = dict(type=cfg)
    name = cfg.get('type') if isinstance(cfg, dict) else cfg
    if not isinstance(name, str) or name not in CLIP_ASSIGNMENTS:
        raise ConfigValueError(
            f'assign={name!r} is not a clip assignment; expected one of '
            f'{sorted(CLIP_ASSIGNMENTS.module_dict)} or a config dict')
    return CLIP_ASSIGNMENTS.build(cfg)


def _independent_starts(spans: np.ndarray, video_len: int,
                        pick: Callable[[int], int]) -> np.ndarray:
    """Each window its own start."""
    return np.array([pick(max(video_len - span, 0)) for span in spans])


def _shared_starts(spans: np.ndarray, video_len: int,
                   pick: Callable[[int], int]) -> np.ndarray:
    """All windows start at the same frame."""
    return np.full(len(spans), pick(max(video_len - spans.max(), 0)))


def _anywhere_starts(spans: np.ndarray, video_len: int,
                     pick: Callable[[int], int]) -> np.ndarray:
    """Each window its own start anywhere in the video, even where its span
    runs past the end (the short-video policy then wraps or clamps)."""
    return np.array([pick(video_len - 1) for _ in spans])


def _adjacent_starts(spans: np.ndarray, video_len: int,
                     pick: Callable[[int], int]) -> np.ndarray:
    """Each window starts where the previous window's span ends."""
    first = pick(max(video_len - spans.sum(), 0))
    return first + np.concatenate([[0], np.cumsum(spans[:-1])])


#: Start mode -> function (window spans (W,), video_len, pick) -> window
#: starts (W,), where ``pick(high)`` returns a start, an int in [0, high].
START_MODES = dict(
    independent=_independent_starts,
    anywhere=_anywhere_starts,
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
        - ``rate_key``: (N,) float32, each clip's playback rate (the
          ``playback_rate`` of its transformation; NaN where it has none)

    Examples::

        # TransRank: 1x, 2x, 4x, 8x and reverse, one clip each
        dict(type='MultiClipSampler', clip_len=16,
             transforms=[dict(type='Speed', rate=r) for r in (1, 2, 4, 8)]
             + [dict(type='Reverse')])
        # RSPNet: query, positive and negative key at 1x and 2x
        dict(type='MultiClipSampler', clip_len=16, assign='relative_speed',
             transforms=[dict(type='Speed', rate=1),
                         dict(type='Speed', rate=2)])
        # Pace Prediction: one clip at a random pace of 1, 2, 3 or 4,
        # starting anywhere and looping past the end of the video
        dict(type='MultiClipSampler', clip_len=16, assign='random',
             start_mode='anywhere',
             transforms=[dict(type='Speed', rate=r) for r in (1, 2, 3, 4)])

    Args:
        clip_len (int): Output frames per clip, T.
        transforms (list[dict | TemporalTransform]): The transformation set;
            see ``TEMPORAL_TRANSFORMS``.
        assign (str | dict): Clip-assignment policy of ``CLIP_ASSIGNMENTS``,
            by name or config: ``'each'``, every transformation once, in
            order (N = len(transforms)); ``'permutation'``, every
            transformation once, in random order; ``'random'``, each of
            ``num_clips`` clips an independent uniformly random
            transformation; ``'distinct_random'``, ``num_clips`` clips
            (default 2) with pairwise-distinct random transformations;
            ``'relative_speed'``, RSPNet's query, positive
            and negative key (see :class:`RelativeSpeed`). Defaults to
            'each'.
        num_clips (int, optional): N where the policy takes it (``'random'``,
            default 1; ``'distinct_random'``, default 2); otherwise None or
            the policy's N.
        start_mode (str): How the policy's windows (one per clip, except
            where the policy groups clips) are placed: ``'independent'``, a
            random start per window within the frames its span fits in;
            ``'anywhere'``, a random start per window anywhere in the video
            (Pace Prediction's public code), the clip looping past the end
            (``short_video='loop'``); ``'shared'``, one start for all;
            ``'adjacent'``, each window starting where the previous one's
            span ends. A window spans its longest clip, or the longest
            transformation where the policy has ``full_windows``. Defaults
            to 'independent'.
        short_video (str): Indices past the last frame of a video shorter
            than the span: ``'loop'`` wraps them (index modulo length),
            ``'clamp'`` repeats the last frame. Defaults to 'loop'.
        label_key (str): Results key of the labels. Defaults to
            'temporal_labels'.
        rate_key (str): Results key of the playback rates. Defaults to
            'playback_rates'.
        test_mode (bool): Deterministic sampling for evaluation: starts at
            the centre of the free range, and the random choices (assignment,
            warp, random reverse) seeded by ``sample_idx``. Defaults to False.
    """

    def __init__(self,
                 clip_len: int,
                 transforms: Sequence[Union[dict, TemporalTransform]],
                 assign: Union[str, dict, ClipAssignment] = 'each',
                 num_clips: Optional[int] = None,
                 start_mode: str = 'independent',
                 short_video: str = 'loop',
                 label_key: str = 'temporal_labels',
                 rate_key: str = 'playback_rates',
                 test_mode: bool = False):
        if not clip_len >= 1:
            raise ConfigValueError(
                f'MultiClipSampler clip_len must be >= 1, got '
                f'clip_len={clip_len!r}')
        if not transforms:
            raise ConfigValueError(
                'MultiClipSampler transforms must be a non-empty '
                f'list, got transforms={transforms!r}')
        _check_choice('start_mode', start_mode, START_MODES)
        _check_choice('short_video', short_video, SHORT_VIDEO_POLICIES)
        self.clip_len = clip_len
        self.transforms: List[TemporalTransform] = [
            build_temporal_transform(cfg) for cfg in transforms
        ]
        self.assignment = build_clip_assignment(assign)
        self.num_clips = self.assignment.resolve_num_clips(
            len(self.transforms), num_clips)
        self.start_mode = start_mode
        self.short_video = short_video
        self.label_key = label_key
        self.rate_key = rate_key
        self.test_mode = test_mode
        self.rates = np.array([
            np.nan if t.playback_rate is None else t.playback_rate
            for t in self.transforms
        ], dtype=np.float32)

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
        labels, windows = self.assignment(len(self.transforms),
                                          self.num_clips, rng)
        clips = [self.transforms[label] for label in labels]
        spans = np.array([clip.span(self.clip_len) for clip in clips])
        window_spans = np.zeros(windows.max() + 1, dtype=spans.dtype)
        np.maximum.at(window_spans, windows, spans)
        if self.assignment.full_windows:
            window_spans[:] = max(t.span(self.clip_len)
                                  for t in self.transforms)
        window_starts = START_MODES[self.start_mode](window_spans, video_len,
                                                     self._picker(rng))
        frame_inds = np.concatenate([
            clip(int(start), self.clip_len, video_len, rng)
            for clip, start in zip(clips, window_starts[windows])
        ])
        in_video = SHORT_VIDEO_POLICIES[self.short_video](frame_inds,
                                                          video_len)
        offset = results.get('start_index', 0)
        results['frame_inds'] = (in_video + offset).astype(np.int64)
        results['num_clips'] = len(clips)
        results['clip_len'] = self.clip_len
        results[self.label_key] = labels.astype(np.int64)
        results[self.rate_key] = self.rates[labels]
        return results

    def __repr__(self) -> str:
        return (f'{self.__class__.__name__}(clip_len={self.clip_len}, '
                f'transforms={self.transforms}, '
                f'assign={self.assignment!r}, num_clips={self.num_clips}, '
                f'start_mode={self.start_mode}, '
                f'short_video={self.short_video}, '
                f'label_key={self.label_key}, rate_key={self.rate_key}, '
                f'test_mode={self.test_mode})')
