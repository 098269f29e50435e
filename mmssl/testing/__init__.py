"""Helpers for tests: generated media whose content is checkable."""
from .videos import (index_frame, read_frame_index, write_index_frames,
                     write_index_video)

__all__ = [
    'index_frame', 'read_frame_index', 'write_index_frames',
    'write_index_video'
]
