"""Turn a training checkpoint into a model-zoo file named by its hash.

    python tools/misc/publish_checkpoint.py IN OUT_DIR [--name NAME]

reads ``IN`` (weights-only, like every load in mmssl), keeps the model's
``state_dict`` and the run-independent part of ``meta`` (epoch, iteration,
seed), drops the optimiser, schedulers, message hub and the time- and
path-dependent metadata, and writes ``OUT_DIR/NAME-<sha256[:8]>.pth``: the
torch hub convention that ``tools/misc/download_checkpoint.py`` and every
URL load verify. ``NAME`` defaults to the name of ``IN``'s folder (the
config's work directory). The same weights always give the same file and
hash, so a model-zoo entry can name the file its ``Reproduce`` command
writes. Prints the path and the full SHA-256.
"""
import argparse
import hashlib
import io
import os
import os.path as osp
from typing import Any, Dict

import torch

from mmssl.apis import exit_on_user_error
from mmssl.errors import CheckpointError
from mmssl.utils import atomic_save, safe_load

#: Entries of MMEngine's checkpoint ``meta`` that do not depend on when or
#: where the run happened.
KEPT_META = ('epoch', 'iter', 'seed')
HASH_PREFIX_LEN = 8


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('input', help='a checkpoint written by tools/train.py')
    parser.add_argument('out_dir', help='folder of the published file')
    parser.add_argument(
        '--name',
        help='file name before the hash (default: the name of the input\'s '
        'folder)')
    return parser.parse_args(argv)


def published_checkpoint(checkpoint: Any, name: str) -> Dict[str, Any]:
    """The weights and run-independent metadata of a loaded checkpoint."""
    if not isinstance(checkpoint, dict) or not isinstance(
            checkpoint.get('state_dict'), dict):
        raise CheckpointError(
            f'{name}: expected a training checkpoint with a "state_dict", '
            'e.g. work_dirs/<config>/epoch_<n>.pth')
    meta = checkpoint.get('meta') or {}
    kept = {
        key: meta[key]
        for key in KEPT_META if isinstance(meta.get(key), (int, float))
    }
    return dict(state_dict=checkpoint['state_dict'], meta=kept)


def serialise(obj: Any) -> bytes:
    """``torch.save`` bytes of ``obj`` (deterministic for equal tensors)."""
    buffer = io.BytesIO()
    torch.save(obj, buffer)
    return buffer.getvalue()


@exit_on_user_error
def main(argv=None) -> str:
    args = parse_args(argv)
    name = args.name or osp.basename(osp.dirname(osp.abspath(args.input)))
    published = published_checkpoint(safe_load(args.input), args.input)
    digest = hashlib.sha256(serialise(published)).hexdigest()
    os.makedirs(args.out_dir, exist_ok=True)
    path = osp.join(args.out_dir, f'{name}-{digest[:HASH_PREFIX_LEN]}.pth')
    atomic_save(published, path)
    with open(path, 'rb') as f:
        written = hashlib.sha256(f.read()).hexdigest()
    if written != digest:
        os.remove(path)
        raise CheckpointError(
            f'{path}: the written file hashes to {written}, expected '
            f'{digest}; not published')
    print(f'{path}\nsha256 {digest}')
    return path


if __name__ == '__main__':
    main()
