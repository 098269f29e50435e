"""Clip samplers of the temporal downstream tasks Sync and Order.

Both samplers write MMAction2's sampling keys (``frame_inds``, ``num_clips``,
``clip_len``, ``frame_interval``) and put the task's class into ``label``,
replacing the video's action label, so MMAction2's decoders (or mmssl's
decode-once ones), ``FormatShape`` and ``PackActionInputs`` do the rest.

Indices are in source frames from 0 (``start_index`` is added at the end).
A video too short for the sampled clips starts them at frame 0 and repeats
its last frame for indices past its end.

In test mode the samplers are deterministic: the class of a sample is
``sample_idx`` (its position in the dataset, set by MMEngine datasets)
modulo the number of classes, so every class is evaluated equally often,
and the clips are placed at the fixed positions each sampler documents.
"""
from typing import Sequence

import numpy as np
from mmcv.transforms import BaseTransform

from mmssl.errors import ConfigKeyError, ConfigValueError
from mmssl.registry import TRANSFORMS

from .decoding import VideoDecodeError

#: Sync overlap patterns of clip ``a`` with clip ``b`` (TransRank appendix
#: A.1): the sign is the direction (negative: ``a`` ahead of ``b``), the
#: magnitude the overlap in clip lengths; 0 is "no overlap", either order.
SYNC_PATTERNS = (-3 / 4, -1 / 2, -1 / 4, 0, 1 / 4, 1 / 2, 3 / 4)


class DownstreamClipSampler(BaseTransform):
    """Shared parts of the downstream samplers: class choice, bounds, keys.

    Args:
        frame_interval (int): Source frames between consecutive frames of a
            clip. Defaults to 1.
        test_mode (bool): Deterministic sampling (see the module doc).
            Defaults to False.
    """

    def __init__(self, frame_interval: int = 1, test_mode: bool = False):
        if not (isinstance(frame_interval, int) and frame_interval >= 1):
            raise ConfigValueError(
                f'{type(self).__name__} frame_interval must be '
                f'an int >= 1, got {frame_interval!r}')
        self.frame_interval = frame_interval
        self.test_mode = test_mode

    def clip_span(self, clip_len: int) -> int:
        """Source frames from the first to the last frame of a clip."""
        return (clip_len - 1) * self.frame_interval + 1

    def clip_inds(self, start: int, clip_len: int) -> np.ndarray:
        """Frame indices (clip_len,) of a clip starting at ``start``."""
        return start + np.arange(clip_len) * self.frame_interval

    def video_len(self, results: dict) -> int:
        """``total_frames``, checked to be positive."""
        video_len = int(results['total_frames'])
        if video_len <= 0:
            source = results.get('filename', results.get('frame_dir'))
            raise VideoDecodeError(
                f'{source} has no frames (total_frames={video_len})')
        return video_len

    def sample_label(self, results: dict, num_classes: int) -> int:
        """Random class, or ``sample_idx % num_classes`` in test mode."""
        if not self.test_mode:
            return int(np.random.randint(num_classes))
        if 'sample_idx' not in results:
            raise ConfigKeyError(
                f'{type(self).__name__}(test_mode=True) derives the class '
                "from results['sample_idx'], which is missing; MMEngine "
                'datasets set it in get_data_info')
        return int(results['sample_idx']) % num_classes

    def set_clips(self, results: dict, frame_inds: np.ndarray, num_clips: int,
                  label: int) -> dict:
        """Write the sampling keys and the task label into ``results``."""
        frame_inds = np.minimum(frame_inds, self.video_len(results) - 1)
        results['frame_inds'] = (frame_inds +
                                 results.get('start_index', 0)).astype(
                                     np.int64)
        results['num_clips'] = num_clips
        results['clip_len'] = len(frame_inds) // num_clips
        results['frame_interval'] = self.frame_interval
        results['label'] = label
        return results


@TRANSFORMS.register_module()
class SyncPairSampler(DownstreamClipSampler):
    """Two clips ``a`` and ``b`` of a video, labelled by how they overlap.

    The patterns follow the TransRank appendix (A.1) literally: "-1/2
    denotes a is ahead of b with 1/2 overlapping, +3/4 denotes a is behind
    of b with 3/4 overlapping". Pattern ``p`` overlaps the clips by
    ``|p| * clip_len`` frames, with ``a`` ahead of (earlier than) ``b`` for
    ``p < 0`` and behind it for ``p > 0``; clip ``a`` starts
    ``sign(p) * (1 - |p|) * clip_len`` frames (times ``frame_interval``)
    after ``b``. Pattern 0, "no overlap", has no direction: the clips are
    adjacent (the second starts where the first would take its next
    frame), ``a`` first or ``b`` first with equal probability in training,
    alternating in test mode.

    No pattern is a pair of identical clips. Reading the values as signed
    start offsets instead would make pattern 0 two copies of one clip, and,
    as both clips share their crop and flip and the backbone is frozen,
    ``psi(a) - psi(b)`` would be exactly zero for that class alone: a class
    told apart without any temporal feature (a random-init backbone scored
    30 % on the toy data that way, chance 14.3 %). Here every pattern pairs
    clips of different frames, so only what the features capture of time
    separates them. Spatial augmentations stay shared by both clips, so
    that nothing but time differs within a pair.

    Training draws the class, the position of the pair and, for pattern 0,
    the order uniformly. Test mode takes class ``k = sample_idx % P`` (``P``
    patterns) and centres the pair in the video; for pattern 0, ``a`` comes
    first when ``(sample_idx // P)`` is even.

    Required Keys:

        - total_frames
        - start_index (optional)
        - sample_idx (test mode)

    Added Keys:

        - frame_inds: (2 * clip_len,) int64, clip ``a`` then clip ``b``
        - num_clips: 2
        - clip_len
        - frame_interval
        - label: int, the index of the pattern in ``patterns``

    Args:
        clip_len (int): Frames per clip, T. Every ``(1 - |p|) * clip_len``
            must be an integer (T a multiple of 4 for the default
            patterns).
        patterns (Sequence[float]): Signed overlap of each class, in clip
            lengths, each in (-1, 1). Defaults to :data:`SYNC_PATTERNS`.
        frame_interval (int): Defaults to 1.
        test_mode (bool): Defaults to False.
    """

    def __init__(self,
                 clip_len: int = 16,
                 patterns: Sequence[float] = SYNC_PATTERNS,
                 frame_interval: int = 1,
                 test_mode: bool = False):
        super().__init__(frame_interval, test_mode)
        if not (isinstance(clip_len, int) and clip_len >= 1):
            raise ConfigValueError(
                f'SyncPairSampler clip_len must be an int >= 1, '
                f'got {clip_len!r}')
        shifts = []
        for pattern in patterns:
            shift = (1 - abs(pattern)) * clip_len
            if not (-1 < pattern < 1 and float(shift).is_integer()):
                raise ConfigValueError(
                    f'SyncPairSampler patterns must lie in (-1, 1) with '
                    f'(1 - |pattern|) * clip_len an integer; got '
                    f'pattern={pattern} for clip_len={clip_len}')
            shifts.append(int(shift) * (-1 if pattern < 0 else 1))
        self.clip_len = clip_len
        self.patterns = tuple(patterns)
        self.shifts = tuple(shifts)

    def shift(self, label: int, results: dict) -> int:
        """Start of clip ``a`` minus start of clip ``b``, in clip frames."""
        shift = self.shifts[label]
        if self.patterns[label] != 0:
            return shift
        if self.test_mode:
            b_first = int(results['sample_idx']) // len(self.patterns) % 2
        else:
            b_first = np.random.randint(2)
        return shift if b_first else -shift

    def transform(self, results: dict) -> dict:
        video_len = self.video_len(results)
        label = self.sample_label(results, len(self.patterns))
        shift = self.shift(label, results) * self.frame_interval
        free = video_len - self.clip_span(self.clip_len) - abs(shift)
        if free < 0:
            first = 0
        elif self.test_mode:
            first = free // 2
        else:
            first = int(np.random.randint(free + 1))
        start_a = first + max(shift, 0)
        start_b = first + max(-shift, 0)
        frame_inds = np.concatenate([
            self.clip_inds(start_a, self.clip_len),
            self.clip_inds(start_b, self.clip_len)
        ])
        return self.set_clips(results, frame_inds, num_clips=2, label=label)

    def __repr__(self) -> str:
        return (f'{type(self).__name__}(clip_len={self.clip_len}, '
                f'patterns={self.patterns}, '
                f'frame_interval={self.frame_interval}, '
                f'test_mode={self.test_mode})')


@TRANSFORMS.register_module()
class TemporalOrderSampler(DownstreamClipSampler):
    """One clip made of two non-overlapping sub-clips, labelled by order.

    Sub-clip ``x1`` comes before ``x2`` in the video. Class 0 ("before")
    is the clip ``(x1, x2)``, class 1 ("after") is ``(x2, x1)``.

    Training draws the class uniformly and the starts as ``x1 = u`` and
    ``x2 = v + S``, where ``u <= v`` are two sorted uniform draws from
    ``[0, L - 2S]`` (``L`` the video length, ``S`` the span of a sub-clip),
    so any gap between the sub-clips is possible. Test mode takes class
    ``sample_idx % 2`` and splits the ``L - 2S`` spare frames into three
    near-equal gaps: before ``x1``, between the sub-clips and after ``x2``.

    Required Keys:

        - total_frames
        - start_index (optional)
        - sample_idx (test mode)

    Added Keys:

        - frame_inds: (2 * sub_clip_len,) int64
        - num_clips: 1
        - clip_len: 2 * sub_clip_len
        - frame_interval
        - label: int, 0 (before) or 1 (after)

    Args:
        sub_clip_len (int): Frames per sub-clip. Defaults to 8.
        frame_interval (int): Defaults to 1.
        test_mode (bool): Defaults to False.
    """

    CLASSES = ('before', 'after')

    def __init__(self,
                 sub_clip_len: int = 8,
                 frame_interval: int = 1,
                 test_mode: bool = False):
        super().__init__(frame_interval, test_mode)
        if not (isinstance(sub_clip_len, int) and sub_clip_len >= 1):
            raise ConfigValueError(
                'TemporalOrderSampler sub_clip_len must be an '
                f'int >= 1, got {sub_clip_len!r}')
        self.sub_clip_len = sub_clip_len

    def transform(self, results: dict) -> dict:
        video_len = self.video_len(results)
        label = self.sample_label(results, len(self.CLASSES))
        span = self.clip_span(self.sub_clip_len)
        free = video_len - 2 * span
        if free < 0:
            first, second = 0, 0
        elif self.test_mode:
            first, second = free // 3, 2 * free // 3
        else:
            first, second = np.sort(np.random.randint(free + 1, size=2))
        x1 = self.clip_inds(int(first), self.sub_clip_len)
        x2 = self.clip_inds(int(second) + span, self.sub_clip_len)
        sub_clips = (x1, x2) if label == 0 else (x2, x1)
        return self.set_clips(
            results, np.concatenate(sub_clips), num_clips=1, label=label)

    def __repr__(self) -> str:
        return (f'{type(self).__name__}(sub_clip_len={self.sub_clip_len}, '
                f'frame_interval={self.frame_interval}, '
                f'test_mode={self.test_mode})')
