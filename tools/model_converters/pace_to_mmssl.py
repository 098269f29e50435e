"""Convert a Pace Prediction checkpoint into an mmssl backbone checkpoint.

    python tools/model_converters/pace_to_mmssl.py epoch-18.pth.tar \\
        pace_r21d_ucf101.pth

Pace Prediction's ``train.py`` writes ``epoch-XX.pth.tar`` with ``epoch``,
``state_dict`` and ``opt_dict``; the file is read weights-only.
``state_dict`` is the whole network, its keys prefixed with ``module.`` when
trained under ``nn.DataParallel`` (removed). Its pace classifier
``linear.*`` is dropped; the rest is the backbone, recognised by its keys:

- VCOP's C3D (``conv1``, ``bn1``, ..., ``conv5b``, ``bn5b``):
  ``configs/_base_/models/c3d_vcop.py``;
- VCOP's R(2+1)D (``conv1.spatial_conv``, ``conv2.block1...``, one block per
  stage by default): ``r2plus1d10_vcop.py``;
- VCOP's R3D (``conv1.temporal_spatial_conv``, ``conv2.block1...``, one
  block per stage by default): ``r3d10_vcop.py``;
- S3D-G: refused, mmssl has no S3D-G backbone.

Key renaming as in ``rspnet_to_mmssl.py``; R3D's
``temporal_spatial_conv`` -> ``conv``. Nets trained with other block counts
need ``--config`` with a backbone of those ``stage_blocks``.
"""
import os.path as osp

from mmssl.apis import exit_on_user_error
from mmssl.apis.conversion import converter_parser, run_converter

REPO_ROOT = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))


@exit_on_user_error
def main(argv=None):
    parser = converter_parser(__doc__, 'Pace Prediction epoch-XX.pth.tar')
    args = parser.parse_args(argv)
    return run_converter(
        args,
        converter='pace_to_mmssl',
        weights_keys=('state_dict', ),
        backbone_prefix=None,
        config_root=REPO_ROOT)


if __name__ == '__main__':
    main()
