"""Evaluate a checkpoint with the test loop of an mmssl config."""
import argparse
import os
import os.path as osp
import sys

from mmengine.config import DictAction
from mmengine.model import is_model_wrapper

from mmssl.apis import build_runner, exit_on_user_error
from mmssl.errors import CheckpointError, ConfigValueError


def parse_args():
    parser = argparse.ArgumentParser(description='Test a model with mmssl')
    parser.add_argument('config', help='test config file path')
    parser.add_argument(
        'checkpoint',
        nargs='?',
        default=None,
        help='checkpoint to evaluate; omit it to evaluate the model as '
        'initialised by the config (e.g. a random-init baseline)')
    parser.add_argument(
        '--work-dir', help='the dir to save evaluation results and logs')
    parser.add_argument(
        '--non-strict',
        action='store_true',
        help='load a checkpoint whose keys do not all match the model '
        '(by default that stops the test)')
    parser.add_argument(
        '--dump',
        type=str,
        help='dump predictions to a pickle file for offline evaluation')
    parser.add_argument(
        '--cfg-options',
        nargs='+',
        action=DictAction,
        help='override settings of the config, as key=value pairs')
    parser.add_argument(
        '--launcher',
        choices=['none', 'pytorch', 'slurm', 'mpi'],
        default='none',
        help='job launcher')
    parser.add_argument('--local_rank', '--local-rank', type=int, default=0)
    args = parser.parse_args()
    os.environ.setdefault('LOCAL_RANK', str(args.local_rank))
    return args


def merge_args(cfg, args):
    """Merge this tool's own arguments into the config (``build_runner``
    handles ``--work-dir``, ``--launcher`` and ``--cfg-options``)."""
    if args.checkpoint is not None:
        if not osp.isfile(args.checkpoint) and '://' not in args.checkpoint:
            raise CheckpointError(
                f'checkpoint file not found: {args.checkpoint}')
        cfg.load_from = args.checkpoint
    cfg.resume = False
    if args.non_strict:
        print(
            'warning: --non-strict: loading only the checkpoint weights '
            'that fit the model; the others keep their initialisation',
            file=sys.stderr)
        cfg.load_strict = False

    if args.dump is not None:
        if not args.dump.endswith(('.pkl', '.pickle')):
            raise ConfigValueError(f'--dump must end with .pkl or .pickle, '
                                   f'got "{args.dump}"')
        dump_metric = dict(type='DumpResults', out_file_path=args.dump)
        evaluator = cfg.test_evaluator
        if isinstance(evaluator, (list, tuple)):
            cfg.test_evaluator = [*evaluator, dump_metric]
        else:
            cfg.test_evaluator = [evaluator, dump_metric]
    return cfg


def check_backbone_checkpoint(runner) -> None:
    """Refuse a ``model.backbone_checkpoint`` that testing would ignore.

    Models that load it when built (the retrieval feature extractor) use it
    here. Others load it only when training starts; testing them evaluates
    the CHECKPOINT argument (or the untrained head), not those weights.
    """
    model = runner.model.module if is_model_wrapper(runner.model) \
        else runner.model
    path = getattr(model, 'backbone_checkpoint', None)
    if path and not getattr(model, 'loads_backbone_checkpoint_when_built',
                            False):
        raise ConfigValueError(
            f'model.backbone_checkpoint={path} would be ignored: '
            f'{type(model).__name__} loads it only when training starts. '
            'Train with it, then test the trained checkpoint '
            '(tools/test.py CONFIG work_dir/epoch_N.pth)')


@exit_on_user_error
def main():
    args = parse_args()
    runner = build_runner(args, merge_args)
    check_backbone_checkpoint(runner)
    runner.test()


if __name__ == '__main__':
    main()
