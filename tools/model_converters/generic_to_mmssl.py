"""Convert a checkpoint with ``module.`` / ``backbone.`` prefixes into an
mmssl backbone checkpoint.

    python tools/model_converters/generic_to_mmssl.py IN OUT \\
        [--prefix encoder.] [--config configs/_base_/models/r3d18.py]

For checkpoints of other training scripts: the weights are taken from
``state_dict``, ``model``, ``model_state_dict`` or ``net`` (else the
checkpoint itself), read weights-only, with ``module.`` (DataParallel /
DDP) removed. The backbone is the keys under ``--prefix`` (default
``backbone.`` when any key has it, else every key: a bare backbone state
dict); the rest is dropped and counted. Its layout (MMAction2, Hara 3D
ResNet, VCOP C3D / R3D / R(2+1)D) is recognised by its keys and renamed as
in the other converters; ``--config`` names the backbone to check against
when the default of the layout is not it.
"""
import os.path as osp

from mmssl.apis import exit_on_user_error
from mmssl.apis.conversion import converter_parser, run_converter

REPO_ROOT = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))
WEIGHTS_KEYS = ('state_dict', 'model', 'model_state_dict', 'net')


@exit_on_user_error
def main(argv=None):
    parser = converter_parser(__doc__, 'the checkpoint to convert')
    parser.add_argument(
        '--prefix',
        help='prefix of the backbone keys after "module." is removed '
        '(default: "backbone." if any key has it, else all keys)')
    args = parser.parse_args(argv)
    return run_converter(
        args,
        converter='generic_to_mmssl',
        weights_keys=WEIGHTS_KEYS,
        backbone_prefix=args.prefix or 'backbone.',
        require_prefix=args.prefix is not None,
        config_root=REPO_ROOT)


if __name__ == '__main__':
    main()
