"""Convert a Static and Dynamic Concepts checkpoint into an mmssl backbone
checkpoint.

    python tools/model_converters/concepts_to_mmssl.py ckpt.pth.tar \\
        concepts_r3d18_k400.pth

Assumed layout (no training code was published to check it against): a
dict with ``state_dict`` (or ``model``) saved from a DDP-wrapped model,
so every key starts with ``module.`` (removed):

- ``module.backbone.*``: the shared encoder, converted;
- everything else (the static and dynamic concept prototypes, the
  feature transformation heads, the concept decoders, the negative
  queue): dropped and counted.

The backbone keys are assumed to be MMAction2's (``ResNet3d`` for R3D-18
and R3D-34, ``ResNet2Plus1d`` for R(2+1)D-18), which pass through
unchanged; a VCOP- or Hara-style backbone is recognised and renamed as in
``rspnet_to_mmssl.py``. Default configs: ``configs/_base_/models/r3d18.py``
or ``r2plus1d18.py`` by the keys; ``--config`` for any other (R3D-34, for
instance).
"""
import os.path as osp

from mmssl.apis import exit_on_user_error
from mmssl.apis.conversion import converter_parser, run_converter

REPO_ROOT = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))


@exit_on_user_error
def main(argv=None):
    parser = converter_parser(__doc__,
                              'Static and Dynamic Concepts checkpoint')
    args = parser.parse_args(argv)
    return run_converter(
        args,
        converter='concepts_to_mmssl',
        weights_keys=('state_dict', 'model'),
        backbone_prefix='backbone.',
        config_root=REPO_ROOT)


if __name__ == '__main__':
    main()
