"""Decode-once loading of multi-clip samples from videos and frame folders.

A multi-clip sample asks for ``frame_inds`` of shape (N*T,) with many repeats
(clips sharing a start, slow paces replicating frames, periodic clips walking
back over their own frames). The transforms here decode the sorted union of
those indices once, in one ``get_batch`` call per video (or one file read per
frame image), and gather the N*T frames from it.

Pipelines keep MMAction2's shape::

    dict(type='DecordOpen'),              # opens the video once: total_frames
    dict(type='MultiClipSampler', ...),   # writes frame_inds
    dict(type='DecordDecodeOnce'),        # writes imgs

``DecordDecodeOnce`` also works after MMAction2's ``DecordInit`` and
``SampleFrames``, and MMAction2's ``DecordDecode`` after ``DecordOpen``.
"""
import os.path as osp
import re
from typing import List

import cv2
import decord
import numpy as np
from mmcv.transforms import BaseTransform
from mmengine import fileio

from mmssl.errors import InputFileError
from mmssl.registry import TRANSFORMS

#: Decord prefixes its messages with "[hh:mm:ss] /src/file.cc:123: ".
_DECORD_LOG_PREFIX = re.compile(r'\[\d{2}:\d{2}:\d{2}\] \S+:\d+: ')


class VideoDecodeError(InputFileError, RuntimeError):
    """A video or frame file exists but cannot be decoded (a user error:
    the input is broken, not the code)."""


def _decord_reason(err: Exception) -> str:
    """One line of a decord error without its source-location prefixes."""
    lines = _DECORD_LOG_PREFIX.sub('', str(err)).strip().splitlines()
    return lines[0] if lines else type(err).__name__


def read_file(filepath: str, backend_args: dict = None) -> bytes:
    """Read a file's bytes, raising one-line errors that name the file.

    Raises:
        FileNotFoundError: ``filepath`` does not exist.
        VideoDecodeError: ``filepath`` is empty.
    """
    try:
        content = fileio.get(filepath, backend_args=backend_args)
    except FileNotFoundError:
        raise FileNotFoundError(f'file not found: {filepath}') from None
    if not content:
        raise VideoDecodeError(f'{filepath} is empty (0 bytes)')
    return content


def gather_frames(unique_frames: np.ndarray,
                  inverse: np.ndarray) -> List[np.ndarray]:
    """Expand decoded unique frames to the requested sequence.

    Args:
        unique_frames (np.ndarray): (U, H, W, C), frame ``j`` of the sorted
            unique indices.
        inverse (np.ndarray): (N*T,), position in ``unique_frames`` of each
            requested frame.

    Returns:
        list[np.ndarray]: N*T frames (H, W, C). The first use of a frame is a
        view of ``unique_frames``, every repeat a copy, so in-place ops on
        one clip never touch another.
    """
    used = np.zeros(len(unique_frames), dtype=bool)
    imgs = []
    for position in inverse:
        frame = unique_frames[position]
        imgs.append(frame.copy() if used[position] else frame)
        used[position] = True
    return imgs


def _set_images(results: dict, imgs: List[np.ndarray]) -> dict:
    results['imgs'] = imgs
    results['original_shape'] = imgs[0].shape[:2]
    results['img_shape'] = imgs[0].shape[:2]
    return results


@TRANSFORMS.register_module()
class DecordOpen(BaseTransform):
    """Open a video with decord once per sample.

    Same keys as MMAction2's ``DecordInit``, with errors that name the file.

    Required Keys:

        - filename

    Added Keys:

        - video_reader
        - total_frames
        - avg_fps

    Args:
        num_threads (int): Decoding threads of decord. Defaults to 1.
        backend_args (dict, optional): MMEngine file backend arguments; a
            remote video is fetched to a local temporary file first.
            Defaults to None (local disk).

    Raises:
        FileNotFoundError: The video does not exist.
        VideoDecodeError: The video is empty, corrupt or has no frames.
    """

    def __init__(self, num_threads: int = 1, backend_args: dict = None):
        self.num_threads = num_threads
        self.backend_args = backend_args

    def transform(self, results: dict) -> dict:
        filename = results['filename']
        # Decord is given a path: from an in-memory buffer it crashes the
        # process on some truncated files instead of raising.
        with fileio.get_local_path(filename, self.backend_args) as local_path:
            if not osp.isfile(local_path):
                raise FileNotFoundError(f'video file not found: {filename}')
            if osp.getsize(local_path) == 0:
                raise VideoDecodeError(f'{filename} is empty (0 bytes)')
            try:
                reader = decord.VideoReader(
                    local_path, num_threads=self.num_threads)
            except (RuntimeError, decord.DECORDError) as err:
                raise VideoDecodeError(
                    f'cannot open video {filename}: {_decord_reason(err)}'
                ) from None
        if len(reader) == 0:
            raise VideoDecodeError(f'video {filename} has no frames')
        results['video_reader'] = reader
        results['total_frames'] = len(reader)
        results['avg_fps'] = reader.get_avg_fps()
        return results

    def __repr__(self) -> str:
        return (f'{self.__class__.__name__}(num_threads={self.num_threads}, '
                f'backend_args={self.backend_args})')


@TRANSFORMS.register_module()
class DecordDecodeOnce(BaseTransform):
    """Decode the union of all clips' frames in one ``get_batch`` call.

    Required Keys:

        - video_reader
        - frame_inds: (N*T,) int
        - filename

    Added Keys:

        - imgs: list of N*T frames (H, W, 3) uint8 RGB
        - original_shape
        - img_shape

    Raises:
        VideoDecodeError: Decoding fails (truncated or damaged stream).
    """

    def transform(self, results: dict) -> dict:
        reader = results['video_reader']
        frame_inds = np.asarray(results['frame_inds']).reshape(-1)
        unique, inverse = np.unique(frame_inds, return_inverse=True)
        try:
            frames = reader.get_batch(unique).asnumpy()
        except (RuntimeError, decord.DECORDError) as err:
            raise VideoDecodeError(
                f'cannot decode frames {unique[0]}..{unique[-1]} of video '
                f'{results["filename"]}: {_decord_reason(err)}') from None
        results['video_reader'] = None
        return _set_images(results, gather_frames(frames, inverse))

    def __repr__(self) -> str:
        return f'{self.__class__.__name__}()'


@TRANSFORMS.register_module()
class RawFrameDecodeOnce(BaseTransform):
    """Read each unique frame image of a frame folder once.

    Frame ``i`` is ``frame_dir/filename_tmpl.format(i + offset)``, as in
    MMAction2's ``RawFrameDecode`` (the sampler already added
    ``start_index``). RGB only.

    Required Keys:

        - frame_dir
        - filename_tmpl (e.g. ``'img_{:05d}.jpg'``)
        - frame_inds: (N*T,) int
        - offset (optional)

    Added Keys:

        - imgs: list of N*T frames (H, W, 3) uint8 RGB
        - original_shape
        - img_shape

    Args:
        backend_args (dict, optional): MMEngine file backend arguments.
            Defaults to None (local disk).

    Raises:
        FileNotFoundError: A frame image does not exist.
        VideoDecodeError: A frame image is empty or not a decodable image.
    """

    def __init__(self, backend_args: dict = None):
        self.backend_args = backend_args

    def _read_frame(self, filepath: str) -> np.ndarray:
        content = read_file(filepath, self.backend_args)
        frame = cv2.imdecode(
            np.frombuffer(content, np.uint8), cv2.IMREAD_COLOR)
        if frame is None:
            raise VideoDecodeError(f'cannot decode frame image {filepath}')
        return cv2.cvtColor(frame, cv2.COLOR_BGR2RGB)

    def transform(self, results: dict) -> dict:
        frame_inds = np.asarray(results['frame_inds']).reshape(-1)
        unique, inverse = np.unique(frame_inds, return_inverse=True)
        offset = results.get('offset', 0)
        directory, template = results['frame_dir'], results['filename_tmpl']
        frames = np.stack([
            self._read_frame(
                osp.join(directory, template.format(index + offset)))
            for index in unique
        ])
        return _set_images(results, gather_frames(frames, inverse))

    def __repr__(self) -> str:
        return f'{self.__class__.__name__}(backend_args={self.backend_args})'
