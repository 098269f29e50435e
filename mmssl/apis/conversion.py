"""The command line shared by ``tools/model_converters/*_to_mmssl.py``."""
import argparse
from typing import Optional, Sequence

from mmssl.models.utils.state_dict_conversion import convert_checkpoint


def converter_parser(doc: str, input_help: str) -> argparse.ArgumentParser:
    """``IN OUT [--config CONFIG]``, the arguments of every converter,
    described by the first paragraph of ``doc`` (the script's docstring)."""
    description = ' '.join(doc.strip().split('\n\n')[0].split())
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument('input', help=input_help)
    parser.add_argument('output', help='mmssl checkpoint to write')
    parser.add_argument(
        '--config',
        help='config whose backbone must load the weights (default: the '
        'backbone config of the detected architecture)')
    return parser


def run_converter(args: argparse.Namespace,
                  converter: str,
                  weights_keys: Sequence[str],
                  backbone_prefix: Optional[str],
                  config_root: str,
                  require_prefix: bool = True):
    """Convert ``args.input`` into ``args.output`` and print the report.

    Returns:
        The report of
        :func:`mmssl.models.utils.state_dict_conversion.convert_checkpoint`.
    """
    report = convert_checkpoint(
        args.input,
        args.output,
        converter=converter,
        weights_keys=tuple(weights_keys),
        backbone_prefix=backbone_prefix,
        require_prefix=require_prefix,
        config=args.config,
        config_root=config_root)
    print('\n'.join(report.lines()))
    return report
