"""Download a model-zoo checkpoint (by name or URL), verified, into a cache.

    python tools/misc/download_checkpoint.py NAME_OR_URL [--cache-dir DIR]

A NAME is looked up in ``model-index.yml`` (and the metafiles it imports);
its ``Weights`` URL is downloaded. A model whose ``Weights`` is a local path
(a toy checkpoint, produced by the entry's ``Reproduce`` command and hosted
nowhere) is checked where it lies: present and matching the SHA-256 prefix
in its name, or refused with the command that writes it. A download goes
to the cache (default: torch hub's ``$TORCH_HOME/hub/checkpoints``) under a
temporary name, and is kept
only when complete and, for ``name-<sha256 prefix>.pth`` files, when its
hash matches; a second call is served from the cache. The downloaded file is
then read once with mmssl's weights-only loading, so a file that could run
code is refused here already. Prints the path of the cached file.

On a regular (non-editable) install, ``mim run mmssl download_checkpoint
NAME_OR_URL`` runs the packaged copy with the packaged ``model-index.yml``;
``mim download`` does not verify its downloads (see README, Model zoo).
"""
import argparse
import hashlib
import os.path as osp
from typing import Any, Dict

from mmengine.fileio import load

from mmssl.apis import exit_on_user_error
from mmssl.errors import CheckpointError, ConfigKeyError
from mmssl.utils import download_checkpoint, safe_load
from mmssl.utils.download import hash_prefix_of

REPO_ROOT = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))
MODEL_INDEX = osp.join(REPO_ROOT, 'model-index.yml')


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('name_or_url', help='model-index name or URL')
    parser.add_argument(
        '--cache-dir', help='default: $TORCH_HOME/hub/checkpoints')
    parser.add_argument(
        '--model-index', default=MODEL_INDEX, help='default: %(default)s')
    return parser.parse_args(argv)


def model_entries(index_file: str) -> Dict[str, Dict[str, Any]]:
    """``{model name: metafile entry}`` of every model of a model index."""
    if not osp.isfile(index_file):
        raise CheckpointError(f'model index not found: {index_file}')
    root = osp.dirname(index_file)
    index = load(index_file) or {}
    entries = {}
    for metafile in index.get('Import', []):
        for model in (load(osp.join(root, metafile)) or {}).get('Models', []):
            entries[model['Name']] = model
    return entries


def is_url(path: str) -> bool:
    return str(path).startswith(('http://', 'https://'))


def resolve_weights(name_or_url: str, index_file: str) -> str:
    """A URL: itself; a model name: its ``Weights``, a URL or a local path
    (relative to the model index's folder)."""
    if is_url(name_or_url):
        return name_or_url
    entries = model_entries(index_file)
    if name_or_url not in entries:
        raise ConfigKeyError(
            f'"{name_or_url}" is neither a URL nor a model of {index_file} '
            f'({len(entries)} models)')
    entry = entries[name_or_url]
    weights = entry.get('Weights')
    if not weights:
        raise CheckpointError(
            f'model "{name_or_url}" has no downloadable weights (Weights: '
            f'{weights!r}); its metafile entry says how to produce them')
    if is_url(weights):
        return weights
    path = osp.join(osp.dirname(index_file), weights)
    if not osp.isfile(path):
        raise CheckpointError(
            f'model "{name_or_url}" is not hosted: its weights {path} are '
            f'written by: {entry.get("Reproduce", "its Reproduce command")}')
    return path


def check_hash_prefix(path: str) -> None:
    """Refuse a local file whose SHA-256 does not start with the prefix in
    its name (``name-<hex>.pth``)."""
    prefix = hash_prefix_of(path)
    if prefix is None:
        return
    digest = hashlib.sha256()
    with open(path, 'rb') as f:
        for chunk in iter(lambda: f.read(1 << 20), b''):
            digest.update(chunk)
    if not digest.hexdigest().startswith(prefix):
        raise CheckpointError(
            f'{path}: SHA-256 {digest.hexdigest()[:len(prefix)]} does not '
            f'match the {prefix} in its name; it is not the published file')


@exit_on_user_error
def main(argv=None) -> str:
    args = parse_args(argv)
    weights = resolve_weights(args.name_or_url, args.model_index)
    if is_url(weights):
        path = download_checkpoint(weights, cache_dir=args.cache_dir)
    else:
        path = weights
        check_hash_prefix(path)
    safe_load(path)
    print(path)
    return path


if __name__ == '__main__':
    main()
