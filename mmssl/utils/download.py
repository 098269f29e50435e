"""Verified checkpoint downloads into a local cache.

A checkpoint URL is downloaded once into a cache directory (by default
torch hub's ``<hub_dir>/checkpoints``, where ``torch.hub`` keeps its own) and
loaded from there. The file is written under a temporary name and renamed
only once it is complete (its size matches ``Content-Length``) and, when its
name follows the torch hub convention ``name-<sha256 prefix>.ext``, its
SHA-256 starts with that prefix. An interrupted or refused download thus never
leaves a file that looks complete.
"""
import hashlib
import os
import os.path as osp
import re
import sys
import tempfile
import urllib.error
import urllib.parse
import urllib.request
from typing import Optional

import torch

from mmssl.errors import CheckpointError

#: ``name-<hex>.ext``: the hash prefix of torch hub file names (>= 8 digits).
HASH_PREFIX_REGEX = re.compile(r'-([a-f0-9]{8,64})\.[^.]+(\.[^.]+)?$')
_CHUNK = 1 << 16


def default_cache_dir() -> str:
    """torch hub's checkpoint directory (``$TORCH_HOME/hub/checkpoints``)."""
    return osp.join(torch.hub.get_dir(), 'checkpoints')


def hash_prefix_of(filename: str) -> Optional[str]:
    """The SHA-256 prefix named in ``filename`` (``x-1a2b3c4d.pth``), or
    None."""
    match = HASH_PREFIX_REGEX.search(osp.basename(filename))
    return match.group(1) if match else None


def cached_file_name(url: str) -> str:
    """The cache file name of ``url``: the last component of its path."""
    name = osp.basename(urllib.parse.urlparse(url).path)
    if not name:
        raise CheckpointError(f'{url}: the URL names no file')
    return name


class _Progress:
    """A one-line byte counter on stderr, redrawn every 2 % (or 1 MiB)."""

    def __init__(self, name: str, total: Optional[int], enabled: bool):
        self.name, self.total, self.enabled = name, total, enabled
        self.done = self._shown = 0

    def update(self, num_bytes: int) -> None:
        self.done += num_bytes
        step = max(self.total // 50, 1) if self.total else 1 << 20
        if self.enabled and self.done - self._shown >= step:
            self._shown = self.done
            self._draw()

    def close(self) -> None:
        if self.enabled:
            if self._shown != self.done:
                self._draw()
            sys.stderr.write('\n')

    def _draw(self) -> None:
        if self.total:
            filled = int(30 * self.done / self.total)
            bar = f'[{"#" * filled}{"." * (30 - filled)}] ' \
                  f'{100 * self.done // self.total:3d}%'
        else:
            bar = f'{self.done / 2**20:.1f} MiB'
        sys.stderr.write(f'\rdownloading {self.name} {bar}')
        sys.stderr.flush()


def _fetch(url: str, tmp_file, name: str, progress: bool) -> str:
    """Stream ``url`` into ``tmp_file``; returns the SHA-256 hex digest."""
    request = urllib.request.Request(url, headers={'User-Agent': 'mmssl'})
    sha256 = hashlib.sha256()
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            length = response.headers.get('Content-Length')
            expected = int(length) if length is not None else None
            bar = _Progress(name, expected, progress)
            while True:
                chunk = response.read(_CHUNK)
                if not chunk:
                    break
                tmp_file.write(chunk)
                sha256.update(chunk)
                bar.update(len(chunk))
            bar.close()
    except (urllib.error.URLError, OSError) as err:
        reason = getattr(err, 'reason', None) or err
        raise CheckpointError(f'{url}: download failed: {reason}') from err
    if expected is not None and bar.done != expected:
        raise CheckpointError(
            f'{url}: download truncated: got {bar.done} of {expected} bytes')
    return sha256.hexdigest()


def download_checkpoint(url: str,
                        cache_dir: Optional[str] = None,
                        progress: bool = True) -> str:
    """Download ``url`` into ``cache_dir`` unless it is cached; its path.

    Args:
        url (str): An ``http://`` or ``https://`` URL. Redirects are
            followed; the cached file keeps the name of the requested URL.
        cache_dir (str, optional): Defaults to :func:`default_cache_dir`.
        progress (bool): Draw a progress bar on stderr. Defaults to True.

    Returns:
        str: The path of the verified file in the cache.

    Raises:
        CheckpointError: if the download fails, is truncated, or its
            SHA-256 does not start with the prefix in its name. Nothing is
            left in the cache then.
    """
    cache_dir = cache_dir or default_cache_dir()
    name = cached_file_name(url)
    path = osp.join(cache_dir, name)
    if osp.isfile(path):
        return path
    os.makedirs(cache_dir, exist_ok=True)
    fd, tmp_path = tempfile.mkstemp(
        dir=cache_dir, prefix=f'.{name}.', suffix='.partial')
    try:
        with os.fdopen(fd, 'wb') as tmp_file:
            digest = _fetch(url, tmp_file, name, progress)
        prefix = hash_prefix_of(name)
        if prefix is not None and not digest.startswith(prefix):
            raise CheckpointError(
                f'{url}: SHA-256 {digest[:16]}... does not start with the '
                f'prefix {prefix} in its name; the file was not kept')
        os.replace(tmp_path, path)
    finally:
        if osp.exists(tmp_path):
            os.remove(tmp_path)
    return path
