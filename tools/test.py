"""Evaluate a checkpoint with the test loop of an mmssl config."""
import argparse
import os
import os.path as osp

from mmengine.config import DictAction

from mmssl.utils import build_runner, exit_on_user_error


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
            raise FileNotFoundError(2, 'checkpoint not found',
                                    args.checkpoint)
        cfg.load_from = args.checkpoint
    cfg.resume = False

    if args.dump is not None:
        if not args.dump.endswith(('.pkl', '.pickle')):
            raise ValueError(f'--dump must end with .pkl or .pickle, got '
                             f'"{args.dump}"')
        dump_metric = dict(type='DumpResults', out_file_path=args.dump)
        evaluator = cfg.test_evaluator
        if isinstance(evaluator, (list, tuple)):
            cfg.test_evaluator = [*evaluator, dump_metric]
        else:
            cfg.test_evaluator = [evaluator, dump_metric]
    return cfg


@exit_on_user_error
def main():
    args = parse_args()
    build_runner(args, merge_args).test()


if __name__ == '__main__':
    main()
