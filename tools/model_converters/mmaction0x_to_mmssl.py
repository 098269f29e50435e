"""Convert an MMAction2 0.x checkpoint into an mmssl backbone checkpoint.

    python tools/model_converters/mmaction0x_to_mmssl.py epoch_200.pth \\
        transrank_r3d18_ucf101.pth

MMAction2 0.x (MMCV 1.x runners; TransRank was built on it) saves
``meta`` (``mmcv_version``, ``time``, ``epoch``, ``iter``, ``config`` text,
...), ``state_dict`` and ``optimizer``; the file is read weights-only (plain
values and tensors only; MMCV 1.x metas of that kind read so). The
recognizer's ``backbone.*`` is converted; its heads (``cls_head.*``, the
TransRank heads of the authors' fork, ...) are dropped and counted. The
backbone keys of MMAction2 0.x and 1.x are the same (``ResNet3d``,
``ResNet2Plus1d``, ``C3D``), so they pass through unchanged; the default
config (``configs/_base_/models/r3d18.py``, ``r2plus1d18.py`` or ``c3d.py``)
is chosen by the keys, ``--config`` picks another. The scalar ``meta``
entries are kept as ``meta.source_*``.
"""
import os.path as osp

from mmssl.apis import exit_on_user_error
from mmssl.apis.conversion import converter_parser, run_converter

REPO_ROOT = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))


@exit_on_user_error
def main(argv=None):
    parser = converter_parser(__doc__, 'MMAction2 0.x checkpoint')
    args = parser.parse_args(argv)
    return run_converter(
        args,
        converter='mmaction0x_to_mmssl',
        weights_keys=('state_dict', ),
        backbone_prefix='backbone.',
        config_root=REPO_ROOT)


if __name__ == '__main__':
    main()
