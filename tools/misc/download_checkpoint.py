"""Download a model-zoo checkpoint (by name or URL), verified, into a cache.

    python tools/misc/download_checkpoint.py NAME_OR_URL [--cache-dir DIR]

A NAME is looked up in ``model-index.yml`` (and the metafiles it imports);
its ``Weights`` URL is downloaded. The file goes to the cache (default: torch
hub's ``$TORCH_HOME/hub/checkpoints``) under a temporary name, and is kept
only when complete and, for ``name-<sha256 prefix>.pth`` files, when its
hash matches; a second call is served from the cache. The downloaded file is
then read once with mmssl's weights-only loading, so a file that could run
code is refused here already. Prints the path of the cached file.

On a regular (non-editable) install, ``mim run mmssl download_checkpoint
NAME_OR_URL`` runs the packaged copy with the packaged ``model-index.yml``;
``mim download`` does not verify its downloads (see README, Model zoo).
"""
import argparse
import os.path as osp
from typing import Dict

from mmengine.fileio import load

from mmssl.apis import exit_on_user_error
from mmssl.errors import CheckpointError, ConfigKeyError
from mmssl.utils import download_checkpoint, safe_load

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


def model_weights(index_file: str) -> Dict[str, str]:
    """``{model name: Weights}`` of every model of a model index."""
    if not osp.isfile(index_file):
        raise CheckpointError(f'model index not found: {index_file}')
    root = osp.dirname(index_file)
    index = load(index_file) or {}
    weights = {}
    for metafile in index.get('Import', []):
        for model in (load(osp.join(root, metafile)) or {}).get('Models', []):
            weights[model['Name']] = model.get('Weights')
    return weights


def resolve_url(name_or_url: str, index_file: str) -> str:
    """The download URL of a model name, or the URL itself."""
    if name_or_url.startswith(('http://', 'https://')):
        return name_or_url
    weights = model_weights(index_file)
    if name_or_url not in weights:
        raise ConfigKeyError(
            f'"{name_or_url}" is neither a URL nor a model of {index_file} '
            f'({len(weights)} models)')
    url = weights[name_or_url]
    if not url or not str(url).startswith(('http://', 'https://')):
        raise CheckpointError(
            f'model "{name_or_url}" has no downloadable weights (Weights: '
            f'{url!r}); its metafile entry says how to produce them')
    return url


@exit_on_user_error
def main(argv=None) -> str:
    args = parse_args(argv)
    url = resolve_url(args.name_or_url, args.model_index)
    path = download_checkpoint(url, cache_dir=args.cache_dir)
    safe_load(path)
    print(path)
    return path


if __name__ == '__main__':
    main()
