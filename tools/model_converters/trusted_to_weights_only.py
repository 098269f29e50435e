"""Re-save a checkpoint you trust as a weights-only file mmssl can load.

mmssl loads every checkpoint with ``weights_only=True`` and refuses files
that need other pickled objects (an optimizer class, an ``argparse``
namespace, a custom class of the training script). If you trust such a
file (you trained it, or it comes from a source you trust), this tool
unpickles it ONCE, in full, and writes only its tensors and plain values:

    python tools/model_converters/trusted_to_weights_only.py IN OUT \\
        --i-trust-this-file

``OUT`` holds ``{'state_dict': ...}`` (the input's ``state_dict``, ``model``
or the input itself when it is a dict of tensors) and loads everywhere in
mmssl. Unpickling runs whatever code the file carries: never use this tool on
a file you do not trust.
"""
import argparse
import os.path as osp
from typing import Any, Dict

import torch

from mmssl.apis import exit_on_user_error
from mmssl.errors import CheckpointError
from mmssl.utils import atomic_save, safe_load

#: Keys under which training scripts keep the model weights.
STATE_DICT_KEYS = ('state_dict', 'model', 'model_state_dict', 'net')


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('input', help='the trusted checkpoint')
    parser.add_argument('output', help='the weights-only checkpoint to write')
    parser.add_argument(
        '--i-trust-this-file',
        action='store_true',
        help='confirm that INPUT comes from a trusted source: unpickling it '
        'runs any code it carries')
    return parser.parse_args(argv)


def plain(value: Any) -> Any:
    """``value`` reduced to tensors and plain Python values, or None."""
    if isinstance(value, torch.Tensor):
        return value.detach().cpu()
    if isinstance(value, (bool, int, float, str)) or value is None:
        return value
    if isinstance(value, dict):
        items = {str(k): plain(v) for k, v in value.items()}
        return {k: v for k, v in items.items() if v is not None}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    return None


def extract_state_dict(checkpoint: Any, name: str) -> Dict[str, torch.Tensor]:
    """The weights of a loaded checkpoint: under a known key, or itself."""
    if isinstance(checkpoint, dict):
        for key in STATE_DICT_KEYS:
            if isinstance(checkpoint.get(key), dict):
                checkpoint = checkpoint[key]
                break
    if not isinstance(checkpoint, dict):
        raise CheckpointError(f'{name}: holds no dict of weights')
    tensors = {
        str(key): value.detach().cpu()
        for key, value in checkpoint.items()
        if isinstance(value, torch.Tensor)
    }
    if not tensors:
        raise CheckpointError(f'{name}: holds no tensors')
    return tensors


@exit_on_user_error
def main(argv=None) -> str:
    args = parse_args(argv)
    if not args.i_trust_this_file:
        raise CheckpointError(
            'refusing to unpickle without --i-trust-this-file: loading '
            f'{args.input} in full runs any code it carries')
    if not osp.isfile(args.input):
        raise CheckpointError(f'checkpoint file not found: {args.input}')
    checkpoint = torch.load(args.input, map_location='cpu', weights_only=False)
    state_dict = extract_state_dict(checkpoint, args.input)
    meta = plain(checkpoint.get('meta')) if isinstance(checkpoint,
                                                       dict) else None
    output = dict(state_dict=state_dict)
    if meta:
        output['meta'] = meta
    atomic_save(output, args.output)
    safe_load(args.output)
    print(f'wrote {len(state_dict)} tensors to {args.output} (weights-only)')
    return args.output


if __name__ == '__main__':
    main()
