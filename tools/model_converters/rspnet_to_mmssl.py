"""Convert an RSPNet release checkpoint into an mmssl backbone checkpoint.

    python tools/model_converters/rspnet_to_mmssl.py \\
        model_best_resnet18_200epoch.pth.tar rspnet_r3d18-hara_k400.pth
    python tools/train.py CONFIG --cfg-options \\
        model.backbone_checkpoint=rspnet_r3d18-hara_k400.pth

The release assets (``model_best_{resnet18,c3d,r21d,s3dg}_*.pth.tar``,
written by RSPNet's ``pretrain.py``) hold ``epoch``, ``arch``, ``model``,
``best_loss``, ``optimizer`` and ``scheduler``; the file is read
weights-only. ``model`` (no ``module.`` prefix; one is removed if present):

- ``encoder_q.encoder.*``: the query encoder's backbone, converted;
  its 1-way classifier (``fc.*`` of the ResNet, ``linear.*`` of C3D and
  R(2+1)D) is dropped;
- ``encoder_q.fc1.2.*`` (A-VID projection), ``encoder_q.fc2.2.*`` (RSP
  projection), ``encoder_k.*`` (momentum encoder), ``queue``, ``queue_ptr``:
  dropped and counted.

Architectures (``arch``) and the backbone configs that load them:

- ``resnet18``: Hara et al.'s 3D ResNet-18,
  ``configs/_base_/models/r3d18_hara.py``
  (``conv1``/``bn1`` -> ``conv1.conv``/``conv1.bn``, ``layerS.B.convI`` /
  ``bnI`` -> ``layerS.B.convI.conv`` / ``.bn``, ``downsample.0``/``.1`` ->
  ``downsample.conv``/``.bn``);
- ``c3d``: VCOP's C3D, ``c3d_vcop.py`` (``conv1``, ``bn1`` ->
  ``conv1a.conv``, ``conv1a.bn``; ``conv3a`` -> ``conv3a.conv`` ...);
- ``r2plus1d-vcop`` (``r21d`` assets): VCOP's R(2+1)D-10,
  ``r2plus1d10_vcop.py`` (``convS.block1`` -> ``layer{S-1}.0``,
  ``spatial_conv``/``bn``/``temporal_conv`` -> ``conv.conv_s``/``conv.bn_s``/
  ``conv.conv_t``, ``downsampleconv``/``downsamplebn`` ->
  ``downsample.conv``/``downsample.bn``);
- ``s3dg``: refused, mmssl has no S3D-G backbone.

The converted file is checked key for key and shape for shape against the
backbone config (``--config`` to choose another) and loaded back strictly.
"""
import os.path as osp

from mmssl.apis import exit_on_user_error
from mmssl.apis.conversion import converter_parser, run_converter

REPO_ROOT = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))


@exit_on_user_error
def main(argv=None):
    parser = converter_parser(__doc__, 'RSPNet checkpoint (.pth.tar)')
    args = parser.parse_args(argv)
    return run_converter(
        args,
        converter='rspnet_to_mmssl',
        weights_keys=('model', ),
        backbone_prefix='encoder_q.encoder.',
        config_root=REPO_ROOT)


if __name__ == '__main__':
    main()
