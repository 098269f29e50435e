"""A toy video dataset: textured shapes moving with one of five motion types.

Each video shows one textured shape (circle, triangle, square or hexagon) on
a textured, optionally drifting background. The shape's motion is one of the
five mHMDB51 motion types, which is the video's label:

- ``linear``: constant velocity along a straight line.
- ``projectile``: a parabolic arc, constant horizontal velocity plus gravity.
- ``local``: jitter around a fixed point while rotating in place.
- ``oscillatory``: sinusoidal back-and-forth motion along a line.
- ``random``: a random walk at constant speed with random turns, reflected
  at the frame border.

Speed, size, colours, textures and start position are random. Every video is
drawn from its own generator seeded by ``(seed, split, index)``, so the
dataset does not depend on the number of worker processes.

Coordinates are in pixels, ``x`` to the right and ``y`` downwards; a shape's
centre stays in ``[low, high]`` on both axes so the shape stays in frame.
"""
import os
import os.path as osp
from multiprocessing import Pool

import cv2
import numpy as np

from mmssl.errors import ConfigKeyError, ConfigValueError

from .mhmdb51 import MOTION_TYPES

SPLITS = ('train', 'val')


def _stripes(rng, scale):
    period = rng.uniform(0.3, 0.7) * scale
    theta = rng.uniform(0, np.pi)
    cos, sin = np.cos(theta), np.sin(theta)
    return lambda u, v: np.floor((u * cos + v * sin) * 2 / period) % 2


def _checker(rng, scale):
    cell = rng.uniform(0.2, 0.45) * scale
    return lambda u, v: (np.floor(u / cell) + np.floor(v / cell)) % 2


def _noise(rng, scale, grid_size=16):
    cell = rng.uniform(0.1, 0.25) * scale
    grid = rng.random((grid_size, grid_size))

    def texture(u, v):
        rows = np.floor(v / cell).astype(np.int64) % grid_size
        cols = np.floor(u / cell).astype(np.int64) % grid_size
        return grid[rows, cols]

    return texture


def _gradient(rng, scale):
    wavelength = rng.uniform(1.0, 2.0) * scale
    theta = rng.uniform(0, 2 * np.pi)
    cos, sin = np.cos(theta), np.sin(theta)
    return lambda u, v: 0.5 + 0.5 * np.sin(
        2 * np.pi * (u * cos + v * sin) / wavelength)


#: Texture factories ``(rng, scale) -> texture``; a texture maps coordinate
#: arrays ``u, v`` to mixing weights in [0, 1] of the same shape.
TEXTURES = dict(
    stripes=_stripes, checker=_checker, noise=_noise, gradient=_gradient)
SHAPE_TEXTURES = ('stripes', 'checker', 'noise')
BACKGROUND_TEXTURES = ('noise', 'gradient', 'stripes')


def _circle(x, y, radius):
    return x * x + y * y <= radius * radius


def _regular_polygon(num_sides):
    """Mask of a regular polygon with circumradius ``radius``."""
    normals = (2 * np.arange(num_sides) + 1) * np.pi / num_sides
    apothem_ratio = np.cos(np.pi / num_sides)

    def mask(x, y, radius):
        inside = np.ones(np.broadcast(x, y).shape, dtype=bool)
        for normal in normals:
            inside &= (x * np.cos(normal) + y * np.sin(normal) <=
                       radius * apothem_ratio)
        return inside

    return mask


#: Shape masks ``(x, y, radius) -> bool array``, in shape-local coordinates.
SHAPES = dict(
    circle=_circle,
    triangle=_regular_polygon(3),
    square=_regular_polygon(4),
    hexagon=_regular_polygon(6))


def _start_in_box(rng, low, high, displacement):
    """Start point such that ``start + s * displacement`` stays in the box
    for every ``s`` in [0, 1]."""
    lower = low + np.maximum(0, -displacement)
    upper = high - np.maximum(0, displacement)
    return rng.uniform(lower, upper)


def _linear(rng, num_frames, low, high):
    span = high - low
    theta = rng.uniform(0, 2 * np.pi)
    direction = np.array([np.cos(theta), np.sin(theta)])
    length = rng.uniform(0.4, 1.0) * span / np.abs(direction).max()
    start = _start_in_box(rng, low, high, length * direction)
    fraction = np.arange(num_frames)[:, None] / (num_frames - 1)
    centers = start + fraction * length * direction
    return centers, np.full(num_frames, rng.uniform(0, 2 * np.pi))


def _projectile(rng, num_frames, low, high):
    span = high - low
    duration = num_frames - 1
    t = np.arange(num_frames)
    apex_time = rng.uniform(0.3, 0.7) * duration
    apex_y = rng.uniform(low, low + 0.3 * span)
    drop = rng.uniform(0.6, 1.0) * (high - apex_y)
    longest_fall = max(apex_time, duration - apex_time)
    gravity = 2 * drop / longest_fall**2
    y = apex_y + 0.5 * gravity * (t - apex_time)**2
    shift = rng.choice([-1, 1]) * rng.uniform(0.2, 1.0) * span
    x = _start_in_box(rng, low, high, shift) + shift * t / duration
    return np.stack([x, y], axis=1), np.full(num_frames,
                                             rng.uniform(0, 2 * np.pi))


def _local(rng, num_frames, low, high, pull=0.2):
    span = high - low
    anchor = rng.uniform(low + 0.1 * span, high - 0.1 * span, size=2)
    sigma = rng.uniform(0.005, 0.015) * span
    offsets = np.zeros((num_frames, 2))
    for t in range(1, num_frames):
        offsets[t] = (1 - pull) * offsets[t - 1] + rng.normal(0, sigma, 2)
    centers = np.clip(anchor + offsets, low, high)
    spin = rng.choice([-1, 1]) * rng.uniform(0.03, 0.1)
    angles = rng.uniform(0, 2 * np.pi) + spin * np.arange(num_frames)
    return centers, angles


def _oscillatory(rng, num_frames, low, high, period_range=(16, 40)):
    span = high - low
    longest = num_frames / 1.5
    period = rng.uniform(
        min(period_range[0], longest), min(period_range[1], longest))
    max_speed = 0.07 * span
    amplitude = rng.uniform(0.5, 1.0) * min(
        max_speed * period / (2 * np.pi), 0.5 * span)
    theta = rng.uniform(0, 2 * np.pi)
    swing = amplitude * np.array([np.cos(theta), np.sin(theta)])
    center = rng.uniform(low + np.abs(swing), high - np.abs(swing))
    phase = rng.uniform(0, 2 * np.pi)
    t = np.arange(num_frames)[:, None]
    centers = center + np.sin(2 * np.pi * t / period + phase) * swing
    return centers, np.full(num_frames, rng.uniform(0, 2 * np.pi))


def _random_walk(rng, num_frames, low, high, turn_prob=0.1):
    speed = rng.uniform(0.015, 0.04) * (high - low)
    heading = rng.uniform(0, 2 * np.pi)
    centers = np.empty((num_frames, 2))
    centers[0] = rng.uniform(low, high, size=2)
    for t in range(1, num_frames):
        if rng.random() < turn_prob:
            heading += rng.choice([-1, 1]) * rng.uniform(np.pi / 4, np.pi)
        position = centers[t - 1] + speed * np.array(
            [np.cos(heading), np.sin(heading)])
        for axis in range(2):
            if not low <= position[axis] <= high:
                bound = low if position[axis] < low else high
                position[axis] = 2 * bound - position[axis]
                heading = (np.pi - heading) if axis == 0 else -heading
        centers[t] = position
    return centers, np.full(num_frames, rng.uniform(0, 2 * np.pi))


#: Trajectory samplers ``(rng, num_frames, low, high) -> (centers, angles)``
#: per motion type: ``centers`` (T, 2) as (x, y), ``angles`` (T,) radians.
TRAJECTORIES = dict(
    linear=_linear,
    projectile=_projectile,
    local=_local,
    oscillatory=_oscillatory,
    random=_random_walk)


def sample_trajectory(motion_type, rng, num_frames, low, high):
    """Sample a shape trajectory of ``motion_type``.

    Args:
        motion_type (str): One of :data:`MOTION_TYPES`.
        rng (np.random.Generator): Source of randomness.
        num_frames (int): T, at least 2.
        low (float): Smallest centre coordinate on both axes.
        high (float): Largest centre coordinate on both axes.

    Returns:
        tuple[np.ndarray, np.ndarray]: centres (T, 2) as (x, y) and
        orientations (T,) in radians.
    """
    if motion_type not in TRAJECTORIES:
        raise ConfigKeyError(f'motion_type {motion_type!r} is not one of '
                             f'{sorted(TRAJECTORIES)}')
    return TRAJECTORIES[motion_type](rng, num_frames, low, high)


def _mix(weights, colors):
    """Blend ``colors`` (2, 3) with ``weights`` (...) into (..., 3)."""
    weights = weights[..., None]
    return (1 - weights) * colors[0] + weights * colors[1]


def render_background(texture, colors, num_frames, size, drift):
    """Render a background translating by ``drift`` pixels per frame.

    Args:
        texture (callable): A texture from :data:`TEXTURES`.
        colors (np.ndarray): (2, 3) RGB colours mixed by the texture.
        num_frames (int): T.
        size (int): Frame height and width S.
        drift (np.ndarray): (2,) velocity (x, y) in pixels per frame.

    Returns:
        np.ndarray: (T, S, S, 3) float RGB frames.
    """
    t = np.arange(num_frames)[:, None, None]
    ys, xs = np.mgrid[:size, :size]
    return _mix(texture(xs + drift[0] * t, ys + drift[1] * t), colors)


def render_shape(frames, centers, angles, shape, radius, texture, colors):
    """Paint a textured shape moving along a trajectory onto ``frames``.

    The texture is fixed to the shape: it moves and rotates with it.

    Args:
        frames (np.ndarray): (T, H, W, 3) float RGB frames, painted in place.
        centers (np.ndarray): (T, 2) shape centre (x, y) per frame.
        angles (np.ndarray): (T,) shape orientation per frame, radians.
        shape (str): A key of :data:`SHAPES`.
        radius (float): Circumradius of the shape in pixels.
        texture (callable): A texture from :data:`TEXTURES`.
        colors (np.ndarray): (2, 3) RGB colours mixed by the texture.

    Returns:
        np.ndarray: ``frames``.
    """
    height, width = frames.shape[1:3]
    ys, xs = np.mgrid[:height, :width]
    dx = xs - centers[:, 0, None, None]
    dy = ys - centers[:, 1, None, None]
    cos = np.cos(angles)[:, None, None]
    sin = np.sin(angles)[:, None, None]
    local_x = cos * dx + sin * dy
    local_y = cos * dy - sin * dx
    mask = SHAPES[shape](local_x, local_y, radius)
    frames[mask] = _mix(texture(local_x[mask], local_y[mask]), colors)
    return frames


def _distinct_color(rng, avoid, min_distance):
    """A random RGB colour at least ``min_distance`` from each of ``avoid``."""
    while True:
        color = rng.uniform(0, 255, size=3)
        if all(np.linalg.norm(color - other) >= min_distance
               for other in avoid):
            return color


def sample_toy_video(rng, motion_type, num_frames, size, max_drift=0.3):
    """Sample the frames of one toy video.

    Args:
        rng (np.random.Generator): Source of randomness.
        motion_type (str): One of :data:`MOTION_TYPES`.
        num_frames (int): T.
        size (int): Frame height and width S.
        max_drift (float): Largest background speed in pixels per frame;
            0 keeps the background still.

    Returns:
        np.ndarray: (T, S, S, 3) uint8 RGB frames.
    """
    radius = rng.uniform(0.12, 0.2) * size
    centers, angles = sample_trajectory(motion_type, rng, num_frames, radius,
                                        size - 1 - radius)

    bg_base = rng.uniform(0, 255, size=3)
    bg_colors = np.stack(
        [bg_base, np.clip(bg_base + rng.uniform(-50, 50, size=3), 0, 255)])
    bg_texture = TEXTURES[rng.choice(BACKGROUND_TEXTURES)](rng, size)
    drift_angle = rng.uniform(0, 2 * np.pi)
    drift = rng.uniform(0, max_drift) * np.array(
        [np.cos(drift_angle), np.sin(drift_angle)])
    frames = render_background(bg_texture, bg_colors, num_frames, size, drift)

    bg_mean = bg_colors.mean(axis=0)
    first = _distinct_color(rng, [bg_mean], 110)
    second = _distinct_color(rng, [bg_mean, first], 80)
    shape = rng.choice(sorted(SHAPES))
    fg_texture = TEXTURES[rng.choice(SHAPE_TEXTURES)](rng, radius)
    render_shape(frames, centers, angles, shape, radius, fg_texture,
                 np.stack([first, second]))
    return np.clip(np.rint(frames), 0, 255).astype(np.uint8)


def write_video(path, frames, fps):
    """Write (T, H, W, 3) uint8 RGB ``frames`` to an MPEG-4 (mp4v) file."""
    height, width = frames.shape[1:3]
    writer = cv2.VideoWriter(path, cv2.VideoWriter_fourcc(*'mp4v'), fps,
                             (width, height))
    if not writer.isOpened():
        raise OSError(f'{path}: OpenCV cannot open an mp4v video writer')
    for frame in frames:
        writer.write(np.ascontiguousarray(frame[..., ::-1]))
    writer.release()


def _write_toy_video(job):
    path, seeds, motion_type, num_frames, size, fps, max_drift = job
    rng = np.random.default_rng(seeds)
    frames = sample_toy_video(rng, motion_type, num_frames, size, max_drift)
    write_video(path, frames, fps)


def _check_args(**kwargs):
    minimum = dict(
        num_train=0, num_val=0, num_frames=8, size=16, seed=0, workers=1)
    for name, lowest in minimum.items():
        value = kwargs[name]
        if not isinstance(value, (int, np.integer)) or value < lowest:
            raise ConfigValueError(f'{name}={value!r}: expected an integer >= '
                                   f'{lowest}')
    if kwargs['size'] % 2:
        raise ConfigValueError(
            f'size={kwargs["size"]}: expected an even frame '
            'size (MPEG-4 needs even dimensions)')
    if not kwargs['fps'] > 0:
        raise ConfigValueError(
            f'fps={kwargs["fps"]!r}: expected a positive number')
    if not kwargs['max_drift'] >= 0:
        raise ConfigValueError(
            f'max_drift={kwargs["max_drift"]!r}: expected a '
            'number >= 0')


def generate_toy_dataset(out_dir,
                         num_train=100,
                         num_val=40,
                         num_frames=96,
                         size=64,
                         fps=25,
                         seed=0,
                         max_drift=0.3,
                         workers=1):
    """Write a toy motion-type dataset in MMAction2's VideoDataset format.

    Layout: ``out_dir/videos/<motion_type>/<split>_<index>.mp4``, the lists
    ``out_dir/{train,val}.txt`` with lines ``<motion_type>/<file>.mp4
    <label>`` (paths relative to ``out_dir/videos``) and ``classes.txt``
    with one motion type per line in label order. Video ``i`` of a split has
    label ``i % 5``, so the classes are balanced.

    Args:
        out_dir (str): Output folder.
        num_train (int): Number of training videos.
        num_val (int): Number of validation videos.
        num_frames (int): Frames per video, at least 8.
        size (int): Frame height and width, even and at least 16.
        fps (float): Frame rate written into the videos.
        seed (int): Seed of the whole dataset, >= 0.
        max_drift (float): Largest background speed in pixels per frame.
        workers (int): Worker processes; the output does not depend on it.

    Returns:
        dict[str, str]: Paths of ``videos`` (the data prefix), ``train``,
        ``val`` and ``classes``.
    """
    _check_args(
        num_train=num_train,
        num_val=num_val,
        num_frames=num_frames,
        size=size,
        fps=fps,
        seed=seed,
        max_drift=max_drift,
        workers=workers)
    video_dir = osp.join(out_dir, 'videos')
    for motion_type in MOTION_TYPES:
        os.makedirs(osp.join(video_dir, motion_type), exist_ok=True)

    paths = dict(videos=video_dir)
    jobs = []
    for split_index, (split, num_videos) in enumerate(
            zip(SPLITS, (num_train, num_val))):
        lines = []
        for index in range(num_videos):
            label = index % len(MOTION_TYPES)
            motion_type = MOTION_TYPES[label]
            rel_path = f'{motion_type}/{split}_{index:05d}.mp4'
            lines.append(f'{rel_path} {label}\n')
            jobs.append((osp.join(video_dir, rel_path),
                         [seed, split_index, index], motion_type, num_frames,
                         size, fps, max_drift))
        paths[split] = osp.join(out_dir, f'{split}.txt')
        with open(paths[split], 'w') as f:
            f.write(''.join(lines))
    paths['classes'] = osp.join(out_dir, 'classes.txt')
    with open(paths['classes'], 'w') as f:
        f.write(''.join(name + '\n' for name in MOTION_TYPES))

    if workers == 1:
        for job in jobs:
            _write_toy_video(job)
    else:
        with Pool(workers) as pool:
            pool.map(_write_toy_video, jobs, chunksize=1)
    return paths
