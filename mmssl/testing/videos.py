"""Videos and frame folders whose every frame shows its own index.

Frame ``i`` is a ``GRID x GRID`` board of black and white blocks; block ``b``
(row-major, ``b = 0`` top-left) is white iff bit ``b`` of ``i`` is set. The
blocks are large, so the code survives lossy codecs (mp4v, MJPG, JPEG) and
``read_frame_index`` recovers ``i`` from the block centres. Spatial
transforms that move blocks (flips, crops) change the code.
"""
import os
import os.path as osp
from typing import Tuple

import cv2
import numpy as np

#: Blocks per side; a frame carries ``GRID * GRID`` bits.
GRID = 4
#: Video extension -> OpenCV fourcc.
CODECS = {'.mp4': 'mp4v', '.avi': 'MJPG'}
#: Block levels in this open interval are neither black nor white.
_AMBIGUOUS = (64, 192)


def index_frame(index: int, size: Tuple[int, int] = (64, 64)) -> np.ndarray:
    """The frame showing ``index``.

    Args:
        index (int): In ``[0, 2 ** (GRID * GRID))``.
        size (tuple[int, int]): (H, W), each at least ``4 * GRID``.

    Returns:
        np.ndarray: (H, W, 3) uint8, grey (RGB and BGR alike).
    """
    if not 0 <= index < 2**(GRID * GRID):
        raise ValueError(f'index must be in [0, {2**(GRID * GRID)}), got '
                         f'index={index}')
    height, width = size
    if min(height, width) < 4 * GRID:
        raise ValueError(f'size must be at least {4 * GRID} pixels per side, '
                         f'got size={size}')
    rows = np.arange(height) * GRID // height
    cols = np.arange(width) * GRID // width
    bit = rows[:, None] * GRID + cols[None, :]
    grey = ((index >> bit) & 1).astype(np.uint8) * 255
    return np.repeat(grey[..., None], 3, axis=2)


def read_frame_index(frame: np.ndarray) -> int:
    """Read back the index shown by a frame of :func:`index_frame`.

    Args:
        frame (np.ndarray): (H, W, 3) or (H, W), uint8.

    Raises:
        ValueError: A block is neither clearly black nor clearly white.
    """
    grey = frame.mean(axis=-1) if frame.ndim == 3 else frame.astype(float)
    height, width = grey.shape
    # Central half of every block, away from codec ringing at block edges.
    row_edges = (np.arange(GRID)[:, None] + [0.25, 0.75]) * height / GRID
    col_edges = (np.arange(GRID)[:, None] + [0.25, 0.75]) * width / GRID
    levels = np.array([
        grey[int(r0):int(r1), int(c0):int(c1)].mean() for r0, r1 in row_edges
        for c0, c1 in col_edges
    ])
    unclear = (levels > _AMBIGUOUS[0]) & (levels < _AMBIGUOUS[1])
    if unclear.any():
        raise ValueError('frame carries no readable index: block levels '
                         f'{np.round(levels).astype(int).tolist()}')
    bits = (levels >= 128).astype(np.int64)
    return int((bits << np.arange(GRID * GRID)).sum())


def write_index_video(path: str,
                      num_frames: int,
                      size: Tuple[int, int] = (64, 64),
                      fps: int = 25) -> str:
    """Write a video whose frame ``i`` shows ``i``.

    Args:
        path (str): Output file, ``.mp4`` (mp4v) or ``.avi`` (MJPG).
        num_frames (int): Number of frames.
        size (tuple[int, int]): Frame (H, W).
        fps (int): Frame rate.

    Returns:
        str: ``path``.
    """
    extension = osp.splitext(path)[1].lower()
    if extension not in CODECS:
        raise ValueError(f'video extension must be one of {sorted(CODECS)}, '
                         f'got {path}')
    height, width = size
    writer = cv2.VideoWriter(path, cv2.VideoWriter_fourcc(*CODECS[extension]),
                             fps, (width, height))
    if not writer.isOpened():
        raise RuntimeError(f'OpenCV cannot write {path} with codec '
                           f'{CODECS[extension]}')
    for index in range(num_frames):
        writer.write(index_frame(index, size))
    writer.release()
    return path


def write_index_frames(directory: str,
                       num_frames: int,
                       size: Tuple[int, int] = (64, 64),
                       filename_tmpl: str = 'img_{:05d}.jpg',
                       start_index: int = 1) -> str:
    """Write a frame folder whose frame ``i`` shows ``i``.

    Frame ``i`` is saved as ``filename_tmpl.format(i + start_index)``, the
    layout of MMAction2's ``RawframeDataset`` (``start_index=1``).

    Returns:
        str: ``directory``.
    """
    os.makedirs(directory, exist_ok=True)
    for index in range(num_frames):
        filename = osp.join(directory,
                            filename_tmpl.format(index + start_index))
        if not cv2.imwrite(filename, index_frame(index, size)):
            raise RuntimeError(f'OpenCV cannot write {filename}')
    return directory
