"""Clip-consistent spatial transforms over a multi-clip results dict.

Every transform here reads ``results['imgs']``, a list of ``N * T`` frames
``(H, W, 3)`` uint8 RGB where clip ``i`` occupies ``imgs[i * T:(i + 1) * T]``
(``N = results['num_clips']``, ``T = results['clip_len']``), and writes a new
list of the same layout.

Random parameters are drawn once per *group* of frames chosen by ``scope``:

- ``'video'``: one draw shared by all frames of all clips;
- ``'clip'``: one draw per clip, shared by its ``T`` frames (temporally
  consistent augmentation, independent across clips as in TransRank's
  clip-wise augmentation);
- ``'frame'``: one draw per frame (Pace Prediction's per-frame colour
  jitter). Geometric transforms do not offer it.

``views`` restricts a transform to clips of some kinds of view (the names
of :data:`mmssl.view_labels.VIEW_LABELS`, read from
``results['view_labels']``; clips without one are ``'rgb'``): the draws are
made per group as without it, and applied only to the frames of those clips,
so that e.g. colour jitter reaches RGB and static clips but not frame
differences.

Randomness comes from NumPy's global generator, which MMEngine seeds per
dataloader worker. All pixel operations run on uint8 with OpenCV.
"""
from abc import abstractmethod
from typing import List, Optional, Sequence, Tuple, Union

import cv2
import numpy as np
from mmcv.transforms import BaseTransform

from mmssl.errors import ConfigValueError
from mmssl.registry import TRANSFORMS
from mmssl.view_labels import VIEW_LABELS, check_view_names

from .temporal import build_clip_assignment

Frames = List[np.ndarray]

#: Scope -> function (num_clips, clip_len) -> slices of ``imgs`` that share
#: one draw of random parameters.
SCOPES = {
    'video': lambda n, t: [slice(0, n * t)],
    'clip': lambda n, t: [slice(i * t, (i + 1) * t) for i in range(n)],
    'frame': lambda n, t: [slice(k, k + 1) for k in range(n * t)],
}

INTERPOLATIONS = {
    'nearest': cv2.INTER_NEAREST,
    'bilinear': cv2.INTER_LINEAR,
    'bicubic': cv2.INTER_CUBIC,
    'area': cv2.INTER_AREA,
}

#: Counter-clockwise rotations by multiples of 90 degrees.
ROTATIONS = {
    90: cv2.ROTATE_90_COUNTERCLOCKWISE,
    180: cv2.ROTATE_180,
    270: cv2.ROTATE_90_CLOCKWISE,
}

#: ITU-R 601 luma weights of R, G, B (the weights of ``COLOR_RGB2GRAY``).
LUMA_WEIGHTS = np.array([0.299, 0.587, 0.114])


def clip_slices(results: dict) -> List[slice]:
    """Slices of ``results['imgs']`` holding each clip.

    Args:
        results (dict): Results with ``imgs`` (list of ``N * T`` frames),
            ``num_clips`` (N) and ``clip_len`` (T).

    Returns:
        list[slice]: ``N`` slices, clip ``i`` is ``slice(i * T, (i + 1) * T)``.
    """
    num_clips, clip_len = results['num_clips'], results['clip_len']
    num_frames = len(results['imgs'])
    if num_frames != num_clips * clip_len:
        raise ConfigValueError(
            f"results['imgs'] holds {num_frames} frames, expected num_clips * "
            f'clip_len = {num_clips} * {clip_len} = {num_clips * clip_len}')
    return SCOPES['clip'](num_clips, clip_len)


def to_gray(img: np.ndarray) -> np.ndarray:
    """Grayscale copy of an RGB frame, kept with 3 channels, (H, W, 3)."""
    return cv2.cvtColor(
        cv2.cvtColor(img, cv2.COLOR_RGB2GRAY), cv2.COLOR_GRAY2RGB)


def sample_crop_box(img_h: int,
                    img_w: int,
                    area_range: Tuple[float, float],
                    aspect_ratio_range: Tuple[float, float],
                    max_attempts: int = 10) -> np.ndarray:
    """Draw a crop box of random area and aspect ratio (width / height).

    The area fraction is uniform in ``area_range`` and the aspect ratio
    log-uniform in ``aspect_ratio_range``; a draw that does not fit is
    redrawn up to ``max_attempts`` times, then the largest centred box whose
    aspect ratio lies in the range is used.

    Returns:
        np.ndarray: ``(x1, y1, x2, y2)`` int64, exclusive right/bottom.
    """
    log_ratios = np.log(aspect_ratio_range)
    for _ in range(max_attempts):
        area = img_h * img_w * np.random.uniform(*area_range)
        ratio = np.exp(np.random.uniform(*log_ratios))
        crop_w = int(round(np.sqrt(area * ratio)))
        crop_h = int(round(np.sqrt(area / ratio)))
        if 0 < crop_w <= img_w and 0 < crop_h <= img_h:
            x1 = np.random.randint(0, img_w - crop_w + 1)
            y1 = np.random.randint(0, img_h - crop_h + 1)
            return np.array([x1, y1, x1 + crop_w, y1 + crop_h], np.int64)
    ratio = np.clip(img_w / img_h, *aspect_ratio_range)
    crop_w = min(img_w, int(round(img_h * ratio)))
    crop_h = min(img_h, int(round(img_w / ratio)))
    x1, y1 = (img_w - crop_w) // 2, (img_h - crop_h) // 2
    return np.array([x1, y1, x1 + crop_w, y1 + crop_h], np.int64)


class MultiClipTransform(BaseTransform):
    """Base of transforms drawing random parameters once per frame group.

    Subclasses implement :meth:`sample_params` (one draw for a group of
    frames) and :meth:`apply` (the draw applied to that group), and may
    override :meth:`record` to write the draws into the results.

    Args:
        scope (str): Frames sharing one draw: ``'video'``, ``'clip'`` or
            ``'frame'``, restricted to :attr:`allowed_scopes`.
        views (Sequence[str], optional): Transform only the clips whose
            ``results['view_labels']`` is one of these view names (``'rgb'``,
            ``'static'``, ``'diff'``; clips without view labels are
            ``'rgb'``); the others pass unchanged. Every group still gets
            its draw. None transforms every clip. Defaults to None.
    """

    allowed_scopes: Tuple[str, ...] = tuple(SCOPES)

    def __init__(self,
                 scope: str = 'clip',
                 views: Optional[Sequence[str]] = None) -> None:
        if scope not in self.allowed_scopes:
            raise ConfigValueError(f'{type(self).__name__}: scope={scope!r}, '
                                   f'expected one of {self.allowed_scopes}')
        self.scope = scope
        self.views = None if views is None else check_view_names(
            views, type(self).__name__)

    def frame_groups(self, results: dict) -> List[slice]:
        """Slices of ``results['imgs']`` that share one draw."""
        clip_slices(results)  # checks len(imgs) == num_clips * clip_len
        return SCOPES[self.scope](results['num_clips'], results['clip_len'])

    def selected_clips(self, results: dict) -> np.ndarray:
        """Which clips this transform changes, (N,) bool (see ``views``)."""
        num_clips = results['num_clips']
        if self.views is None:
            return np.ones(num_clips, bool)
        labels = np.asarray(
            results.get('view_labels', np.zeros(num_clips, np.int64)))
        if labels.shape != (num_clips, ):
            raise ConfigValueError(
                f"{type(self).__name__}: results['view_labels'] has shape "
                f'{labels.shape}, expected (num_clips,) = ({num_clips},)')
        return np.isin(labels, [VIEW_LABELS[view] for view in self.views])

    def per_clip(self, results: dict, values: list) -> np.ndarray:
        """Expand one value per group to one value per clip, (N, ...)."""
        if self.scope == 'video':
            values = values * results['num_clips']
        return np.stack(values)

    @abstractmethod
    def sample_params(self, frames: Frames):
        """Draw the random parameters of one group of frames."""

    @abstractmethod
    def apply(self, frames: Frames, params) -> Frames:
        """Transform one group of frames with the drawn parameters."""

    def record(self, results: dict, params: list,
               selected: np.ndarray) -> None:
        """Write the draws (one per group) into the results; none by
        default. ``selected`` (N,) bool marks the clips they were applied
        to."""

    def transform(self, results: dict) -> dict:
        """Transform every group of frames with its own draw.

        Args:
            results (dict): Multi-clip results with ``imgs``, ``num_clips``,
                ``clip_len`` and, when ``views`` is set, ``view_labels``.

        Returns:
            dict: The results with ``imgs`` replaced by a new list.
        """
        imgs = list(results['imgs'])
        clip_len = results['clip_len']
        selected = self.selected_clips(results)
        drawn = []
        for group in self.frame_groups(results):
            params = self.sample_params(imgs[group])
            indices = [
                k for k in range(group.start, group.stop)
                if selected[k // clip_len]
            ]
            if indices:
                frames = self.apply([imgs[k] for k in indices], params)
                for k, frame in zip(indices, frames):
                    imgs[k] = frame
            drawn.append(params)
        results['imgs'] = imgs
        self.record(results, drawn, selected)
        return results

    def _repr_views(self) -> str:
        return f'scope={self.scope!r}, views={self.views}'


@TRANSFORMS.register_module()
class MultiClipRandomResizedCrop(MultiClipTransform):
    """Random resized crop, the same box for all frames of a clip.

    A box of random area fraction and aspect ratio is cropped and resized to
    ``size``. Added or modified results keys: ``imgs``, ``img_shape``
    (``(h, w)``) and ``crop_bboxes``, the boxes in input pixels, (N, 4)
    int64 ``(x1, y1, x2, y2)``; a clip left out by ``views`` gets its whole
    frame as box, and must already be of ``size``.

    Args:
        size (int | tuple[int, int]): Output size, ``s`` for ``(s, s)`` or
            ``(h, w)``.
        area_range (tuple[float, float]): Range of the box area as a fraction
            of the frame area. Defaults to ``(0.08, 1.0)``.
        aspect_ratio_range (tuple[float, float]): Range of the box width /
            height. Defaults to ``(3 / 4, 4 / 3)``.
        scope (str): ``'clip'`` draws an independent box per clip,
            ``'video'`` one box for all clips. Defaults to ``'clip'``.
        interpolation (str): One of ``'nearest'``, ``'bilinear'``,
            ``'bicubic'``, ``'area'``. Defaults to ``'bilinear'``.
        views (Sequence[str], optional): See :class:`MultiClipTransform`.
            Defaults to None.
    """

    allowed_scopes = ('video', 'clip')

    def __init__(self,
                 size: Union[int, Tuple[int, int]],
                 area_range: Tuple[float, float] = (0.08, 1.0),
                 aspect_ratio_range: Tuple[float, float] = (3 / 4, 4 / 3),
                 scope: str = 'clip',
                 interpolation: str = 'bilinear',
                 views: Optional[Sequence[str]] = None) -> None:
        super().__init__(scope, views)
        self.size = (size, size) if isinstance(size, int) else tuple(size)
        if not 0 < area_range[0] <= area_range[1] <= 1:
            raise ConfigValueError(
                f'MultiClipRandomResizedCrop: area_range='
                f'{area_range}, expected 0 < low <= high <= 1')
        if not 0 < aspect_ratio_range[0] <= aspect_ratio_range[1]:
            raise ConfigValueError(
                f'MultiClipRandomResizedCrop: aspect_ratio_range='
                f'{aspect_ratio_range}, expected 0 < low <= high')
        if interpolation not in INTERPOLATIONS:
            raise ConfigValueError(
                f'MultiClipRandomResizedCrop: interpolation='
                f'{interpolation!r}, expected one of '
                f'{tuple(INTERPOLATIONS)}')
        self.area_range = tuple(area_range)
        self.aspect_ratio_range = tuple(aspect_ratio_range)
        self.interpolation = interpolation

    def sample_params(self, frames: Frames) -> np.ndarray:
        img_h, img_w = frames[0].shape[:2]
        return sample_crop_box(img_h, img_w, self.area_range,
                               self.aspect_ratio_range)

    def apply(self, frames: Frames, params: np.ndarray) -> Frames:
        x1, y1, x2, y2 = params
        out_h, out_w = self.size
        flag = INTERPOLATIONS[self.interpolation]
        return [
            cv2.resize(img[y1:y2, x1:x2], (out_w, out_h), interpolation=flag)
            for img in frames
        ]

    def record(self, results: dict, params: list,
               selected: np.ndarray) -> None:
        boxes = self.per_clip(results, params)
        clip_len = results['clip_len']
        for clip in np.flatnonzero(~selected):
            img_h, img_w = results['imgs'][clip * clip_len].shape[:2]
            if (img_h, img_w) != self.size:
                raise ConfigValueError(
                    f'{type(self).__name__}: views={self.views} leaves clip '
                    f'{clip} at {img_h}x{img_w} while the others are cropped '
                    f'to {self.size[0]}x{self.size[1]}; the clips of a '
                    'sample must share one size')
            boxes[clip] = (0, 0, img_w, img_h)
        results['crop_bboxes'] = boxes
        results['img_shape'] = self.size

    def __repr__(self) -> str:
        return (f'{type(self).__name__}(size={self.size}, '
                f'area_range={self.area_range}, '
                f'aspect_ratio_range={self.aspect_ratio_range}, '
                f'interpolation={self.interpolation!r}, '
                f'{self._repr_views()})')


@TRANSFORMS.register_module()
class MultiClipFlip(MultiClipTransform):
    """Random horizontal flip, the same decision for all frames of a clip.

    Added or modified results keys: ``imgs`` and ``flip_flags``, (N,) bool
    (False for clips left out by ``views``).

    Args:
        prob (float): Probability of flipping a group. Defaults to 0.5.
        scope (str): ``'clip'`` or ``'video'``. Defaults to ``'clip'``.
        views (Sequence[str], optional): See :class:`MultiClipTransform`.
            Defaults to None.
    """

    allowed_scopes = ('video', 'clip')

    def __init__(self,
                 prob: float = 0.5,
                 scope: str = 'clip',
                 views: Optional[Sequence[str]] = None) -> None:
        super().__init__(scope, views)
        self.prob = prob

    def sample_params(self, frames: Frames) -> bool:
        return np.random.rand() < self.prob

    def apply(self, frames: Frames, params: bool) -> Frames:
        if not params:
            return frames
        return [cv2.flip(img, 1) for img in frames]

    def record(self, results: dict, params: list,
               selected: np.ndarray) -> None:
        results['flip_flags'] = self.per_clip(results, params) & selected

    def __repr__(self) -> str:
        return f'{type(self).__name__}(prob={self.prob}, {self._repr_views()})'


@TRANSFORMS.register_module()
class MultiClipRotation(BaseTransform):
    """Rotation by multiples of 90 degrees as a labelled transformation.

    Clip ``i`` is rotated counter-clockwise by ``angles[label_i]`` and
    ``results[label_key]`` receives the labels, (N,) int64 (TransRank-ST's
    spatial transformation). Frames must be square when 90 or 270 is among
    the angles, so that all clips keep one shape.

    Args:
        angles (Sequence[int]): Counter-clockwise angles in degrees, each of
            0, 90, 180, 270; label ``k`` means ``angles[k]``.
            Defaults to ``(0, 90, 180, 270)``.
        assign (str): Label assignment, as in ``MultiClipSampler``:
            ``'random'``, an independent uniform label per clip;
            ``'permutation'``, every angle once in random order;
            ``'each'``, every angle once in the order of ``angles``
            (both need ``N == len(angles)``). Defaults to ``'random'``.
        label_key (str): Results key of the labels.
            Defaults to ``'rotation_labels'``.
    """

    def __init__(self,
                 angles: Sequence[int] = (0, 90, 180, 270),
                 assign: str = 'random',
                 label_key: str = 'rotation_labels') -> None:
        bad = [a for a in angles if a != 0 and a not in ROTATIONS]
        if bad or not angles:
            raise ConfigValueError(
                f'MultiClipRotation: angles={tuple(angles)}, '
                'expected a non-empty subset of (0, 90, 180, 270)')
        self.angles = tuple(angles)
        self.assign = assign
        self.assignment = build_clip_assignment(assign)
        self.label_key = label_key

    def label_spaces(self) -> dict:
        """The labels this transform writes: ``{label_key: num_classes}``.
        """
        return {self.label_key: len(self.angles)}

    def sample_labels(self, num_clips: int) -> np.ndarray:
        """Labels of ``num_clips`` clips, (N,) int64 in ``[0, len(angles))``.
        """
        rng = np.random.default_rng(np.random.randint(2**31))
        labels = self.assignment(len(self.angles), num_clips, rng).labels
        if len(labels) != num_clips:
            raise ConfigValueError(
                f'MultiClipRotation: assign={self.assign!r} gives each of the '
                f'{len(self.angles)} angles to one clip, so num_clips must be '
                f'{len(self.angles)}, got num_clips={num_clips}')
        return labels.astype(np.int64)

    def transform(self, results: dict) -> dict:
        """Rotate each clip and write its label.

        Args:
            results (dict): Multi-clip results with ``imgs``, ``num_clips``
                and ``clip_len``.

        Returns:
            dict: Results with rotated ``imgs`` and ``results[label_key]``.
        """
        slices = clip_slices(results)
        imgs = list(results['imgs'])
        img_h, img_w = imgs[0].shape[:2]
        if img_h != img_w and ({90, 270} & set(self.angles)):
            raise ConfigValueError(
                f'MultiClipRotation: frames are {img_h}x{img_w} but angles='
                f'{self.angles} include 90/270, which needs square frames; '
                'crop to a square size first')
        labels = self.sample_labels(len(slices))
        for clip, label in zip(slices, labels):
            angle = self.angles[label]
            if angle:
                imgs[clip] = [
                    cv2.rotate(img, ROTATIONS[angle]) for img in imgs[clip]
                ]
        results['imgs'] = imgs
        results[self.label_key] = labels
        return results

    def __repr__(self) -> str:
        return (f'{type(self).__name__}(angles={self.angles}, '
                f'assign={self.assign!r}, label_key={self.label_key!r})')


def _factor_range(value: Union[float, Sequence[float]], name: str,
                  center: float, low: float) -> Optional[Tuple[float, float]]:
    """Range of a jitter factor: ``v`` means ``[max(low, center - v), center
    + v]``, a pair is used as is, 0 disables the factor (returns None)."""
    if isinstance(value, (int, float)):
        if value < 0:
            raise ConfigValueError(f'MultiClipColorJitter: {name}={value}, '
                                   'expected a non-negative number or a pair')
        if value == 0:
            return None
        return max(low, center - value), center + value
    value = tuple(value)
    if len(value) != 2 or not low <= value[0] <= value[1]:
        raise ConfigValueError(
            f'MultiClipColorJitter: {name}={value}, expected '
            f'a pair (min, max) with {low} <= min <= max')
    return value


def _scale_lut(scale: float, offset: float = 0.) -> np.ndarray:
    """256-entry uint8 table of ``clip(round(scale * v + offset), 0, 255)``."""
    table = np.arange(256, dtype=np.float32) * scale + offset
    return np.clip(np.rint(table), 0, 255).astype(np.uint8)


def adjust_brightness(frames: Frames, factor: float) -> Frames:
    """Multiply all pixels by ``factor``."""
    lut = _scale_lut(factor)
    return [cv2.LUT(img, lut) for img in frames]


def adjust_contrast(frames: Frames, factor: float) -> Frames:
    """Blend with the mean gray level of the group of ``frames``."""
    mean = np.mean([np.dot(cv2.mean(img)[:3], LUMA_WEIGHTS) for img in frames])
    lut = _scale_lut(factor, (1 - factor) * mean)
    return [cv2.LUT(img, lut) for img in frames]


def adjust_saturation(frames: Frames, factor: float) -> Frames:
    """Blend each frame with its own grayscale version."""
    return [
        cv2.addWeighted(img, factor, to_gray(img), 1 - factor, 0)
        for img in frames
    ]


def adjust_hue(frames: Frames, shift: float) -> Frames:
    """Rotate the hue by ``shift`` turns (``[-0.5, 0.5]``)."""
    step = np.uint8(int(round(shift * 256)) % 256)
    out = []
    for img in frames:
        hsv = cv2.cvtColor(img, cv2.COLOR_RGB2HSV_FULL)
        hsv[..., 0] += step  # uint8 wrap-around is the hue circle
        out.append(cv2.cvtColor(hsv, cv2.COLOR_HSV2RGB_FULL))
    return out


#: Colour adjustments of :class:`MultiClipColorJitter` by parameter name.
COLOR_ADJUSTMENTS = {
    'brightness': adjust_brightness,
    'contrast': adjust_contrast,
    'saturation': adjust_saturation,
    'hue': adjust_hue,
}


@TRANSFORMS.register_module()
class MultiClipColorJitter(MultiClipTransform):
    """Random brightness, contrast, saturation and hue, shared per scope.

    With probability ``prob`` a group gets factors drawn uniformly from the
    configured ranges, applied in a random order (same order for the group).
    Brightness multiplies pixels; contrast blends with the mean gray level of
    the group (so all frames of a clip share one mapping in ``'clip'``
    scope); saturation blends with the frame's grayscale; hue rotates the
    hue circle.

    Args:
        brightness (float | tuple): ``b`` for factors in ``[max(0, 1 - b),
            1 + b]``, or a ``(min, max)`` pair. 0 disables. Defaults to 0.4.
        contrast (float | tuple): As ``brightness``. Defaults to 0.4.
        saturation (float | tuple): As ``brightness``. Defaults to 0.4.
        hue (float | tuple): ``h`` in ``[0, 0.5]`` for shifts in ``[-h, h]``
            turns, or a pair within ``[-0.5, 0.5]``. Defaults to 0.1.
        prob (float): Probability of jittering a group. Defaults to 0.8.
        random_order (bool): Shuffle the order of the adjustments per group;
            otherwise brightness, contrast, saturation, hue. Defaults to True.
        scope (str): ``'clip'``, ``'video'`` or ``'frame'``.
            Defaults to ``'clip'``.
        views (Sequence[str], optional): See :class:`MultiClipTransform`.
            Defaults to None.
    """

    def __init__(self,
                 brightness: Union[float, Tuple[float, float]] = 0.4,
                 contrast: Union[float, Tuple[float, float]] = 0.4,
                 saturation: Union[float, Tuple[float, float]] = 0.4,
                 hue: Union[float, Tuple[float, float]] = 0.1,
                 prob: float = 0.8,
                 random_order: bool = True,
                 scope: str = 'clip',
                 views: Optional[Sequence[str]] = None) -> None:
        super().__init__(scope, views)
        self.ranges = {
            'brightness': _factor_range(brightness, 'brightness', 1., 0.),
            'contrast': _factor_range(contrast, 'contrast', 1., 0.),
            'saturation': _factor_range(saturation, 'saturation', 1., 0.),
            'hue': _factor_range(hue, 'hue', 0., -0.5),
        }
        if self.ranges['hue'] and self.ranges['hue'][1] > 0.5:
            raise ConfigValueError(
                f'MultiClipColorJitter: hue={hue}, expected '
                'shifts within [-0.5, 0.5]')
        self.prob = prob
        self.random_order = random_order

    def sample_params(self, frames: Frames) -> List[Tuple[str, float]]:
        if np.random.rand() >= self.prob:
            return []
        names = [name for name, rng in self.ranges.items() if rng]
        if self.random_order:
            names = [names[i] for i in np.random.permutation(len(names))]
        return [(name, np.random.uniform(*self.ranges[name]))
                for name in names]

    def apply(self, frames: Frames, params: List[Tuple[str, float]]) -> Frames:
        for name, value in params:
            frames = COLOR_ADJUSTMENTS[name](frames, value)
        return frames

    def __repr__(self) -> str:
        ranges = ', '.join(f'{k}={v}' for k, v in self.ranges.items())
        return (f'{type(self).__name__}({ranges}, prob={self.prob}, '
                f'random_order={self.random_order}, {self._repr_views()})')


@TRANSFORMS.register_module()
class MultiClipRandomGrayscale(MultiClipTransform):
    """Convert a group of frames to grayscale (3 equal channels).

    Args:
        prob (float): Probability of converting a group. Defaults to 0.2.
        scope (str): ``'clip'``, ``'video'`` or ``'frame'``.
            Defaults to ``'clip'``.
        views (Sequence[str], optional): See :class:`MultiClipTransform`.
            Defaults to None.
    """

    def __init__(self,
                 prob: float = 0.2,
                 scope: str = 'clip',
                 views: Optional[Sequence[str]] = None) -> None:
        super().__init__(scope, views)
        self.prob = prob

    def sample_params(self, frames: Frames) -> bool:
        return np.random.rand() < self.prob

    def apply(self, frames: Frames, params: bool) -> Frames:
        return [to_gray(img) for img in frames] if params else frames

    def __repr__(self) -> str:
        return f'{type(self).__name__}(prob={self.prob}, {self._repr_views()})'


@TRANSFORMS.register_module()
class MultiClipGaussianBlur(MultiClipTransform):
    """Gaussian blur with a random sigma, shared per scope.

    Args:
        sigma_range (tuple[float, float]): Range of the uniform sigma in
            pixels. Defaults to ``(0.1, 2.0)``.
        prob (float): Probability of blurring a group. Defaults to 0.5.
        kernel_size (int, optional): Odd kernel size; None lets OpenCV derive
            it from sigma. Defaults to None.
        scope (str): ``'clip'``, ``'video'`` or ``'frame'``.
            Defaults to ``'clip'``.
        views (Sequence[str], optional): See :class:`MultiClipTransform`.
            Defaults to None.
    """

    def __init__(self,
                 sigma_range: Tuple[float, float] = (0.1, 2.0),
                 prob: float = 0.5,
                 kernel_size: Optional[int] = None,
                 scope: str = 'clip',
                 views: Optional[Sequence[str]] = None) -> None:
        super().__init__(scope, views)
        if not 0 < sigma_range[0] <= sigma_range[1]:
            raise ConfigValueError(f'MultiClipGaussianBlur: sigma_range='
                                   f'{sigma_range}, expected 0 < low <= high')
        if kernel_size is not None and kernel_size % 2 != 1:
            raise ConfigValueError(f'MultiClipGaussianBlur: kernel_size='
                                   f'{kernel_size}, expected an odd integer')
        self.sigma_range = tuple(sigma_range)
        self.prob = prob
        self.kernel_size = kernel_size

    def sample_params(self, frames: Frames) -> Optional[float]:
        if np.random.rand() >= self.prob:
            return None
        return np.random.uniform(*self.sigma_range)

    def apply(self, frames: Frames, params: Optional[float]) -> Frames:
        if params is None:
            return frames
        ksize = (self.kernel_size or 0, ) * 2
        return [cv2.GaussianBlur(img, ksize, params) for img in frames]

    def __repr__(self) -> str:
        return (f'{type(self).__name__}(sigma_range={self.sigma_range}, '
                f'prob={self.prob}, kernel_size={self.kernel_size}, '
                f'{self._repr_views()})')
