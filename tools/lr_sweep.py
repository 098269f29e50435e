"""Train one config at several initial learning rates and pick the best.

TransRank's transfer protocol (appendix A.2, Table 11) trains every
downstream task with the initial lrs {0.01, 0.02, 0.04, 0.08, 0.16} and
reports the best. This tool runs ``tools/train.py`` once per lr, one after
the other, each in ``WORK_DIR/lr_<lr>`` with
``--cfg-options optim_wrapper.optimizer.lr=<lr>``, then reads the
validation metric from each run's ``<timestamp>/vis_data/scalars.json``
(the latest run in that folder), prints a table and writes it to
``WORK_DIR/lr_sweep.json``. A run's score is its best validation value.

Example::

    python tools/lr_sweep.py configs/benchmarks/finetune/r3d18_ucf101.py \\
        --pretrained work_dirs/transrank_r3d18_k200/epoch_100.pth \\
        --work-dir work_dirs/sweep_r3d18_ucf101 --seed 0

Arguments the tool does not know (``--seed``, ``--amp``, ``--cfg-options``
...) are passed on to ``tools/train.py``; ``--summarize-only`` reads the
finished runs of a work dir without training.
"""
import argparse
import glob
import json
import os
import os.path as osp
import subprocess
import sys
from typing import Dict, List, Optional, Sequence

from mmssl.apis import exit_on_user_error

#: The initial lrs of TransRank's Table 11.
DEFAULT_LRS = (0.01, 0.02, 0.04, 0.08, 0.16)
TRAIN_SCRIPT = osp.join(osp.dirname(osp.abspath(__file__)), 'train.py')


def parse_args(argv: Optional[Sequence[str]] = None):
    parser = argparse.ArgumentParser(
        description='Run tools/train.py at several initial lrs and report '
        'the best validation metric',
        epilog='Other arguments are passed on to tools/train.py.')
    parser.add_argument('config', help='train config file path')
    parser.add_argument(
        '--work-dir', required=True, help='one sub-folder per lr goes here')
    parser.add_argument(
        '--pretrained',
        help='pre-training checkpoint, set as model.backbone_checkpoint')
    parser.add_argument(
        '--lrs',
        type=float,
        nargs='+',
        default=list(DEFAULT_LRS),
        help='initial learning rates (default: %(default)s)')
    parser.add_argument(
        '--metric',
        default='acc/top1',
        help='validation metric to maximise (default: %(default)s)')
    parser.add_argument(
        '--summarize-only',
        action='store_true',
        help='do not train; summarise the runs already in --work-dir')
    return parser.parse_known_args(argv)


def run_dir(work_dir: str, lr: float) -> str:
    """Work dir of the run at ``lr``, e.g. ``WORK_DIR/lr_0.04``."""
    return osp.join(work_dir, f'lr_{lr:g}')


def train_command(config: str, lr: float, work_dir: str,
                  pretrained: Optional[str],
                  train_args: Sequence[str]) -> List[str]:
    """The ``tools/train.py`` command line of the run at ``lr``."""
    options = [f'optim_wrapper.optimizer.lr={lr:g}']
    if pretrained is not None:
        options.append(f'model.backbone_checkpoint={pretrained}')
    return [
        sys.executable, TRAIN_SCRIPT, config, '--work-dir',
        run_dir(work_dir, lr), *train_args, '--cfg-options', *options
    ]


def read_metric_history(directory: str, metric: str) -> List[tuple]:
    """``(step, value)`` of every logged ``metric`` of the latest run.

    Args:
        directory (str): A run's work dir; MMEngine writes each run's scalars
            to ``<timestamp>/vis_data/scalars.json``, one JSON dict a line.
        metric (str): Key of the metric, e.g. ``'acc/top1'``.

    Returns:
        list[tuple[int, float]]: In log order; empty when no run logged it.
    """
    logs = sorted(
        glob.glob(osp.join(directory, '*', 'vis_data', 'scalars.json')))
    for log in reversed(logs):
        history = []
        with open(log) as f:
            for lineno, line in enumerate(f, 1):
                if not line.strip():
                    continue
                try:
                    record = json.loads(line)
                except json.JSONDecodeError as err:
                    raise ValueError(
                        f'{log}:{lineno}: not a JSON line ({err.msg})'
                    ) from None
                if metric in record:
                    history.append((record.get('step'), record[metric]))
        if history:
            return history
    return []


def summarize(lr: float, history: List[tuple],
              returncode: Optional[int]) -> Dict:
    """One table row: best and last value of a run's metric history."""
    row = dict(
        lr=lr, returncode=returncode, best=None, best_step=None, last=None)
    if history:
        best_step, best = max(history, key=lambda item: item[1])
        row.update(best=best, best_step=best_step, last=history[-1][1])
    return row


def select_best(rows: List[Dict]) -> Optional[Dict]:
    """The row with the highest best value (the lower lr on ties)."""
    scored = [row for row in rows if row['best'] is not None]
    if not scored:
        return None
    return max(scored, key=lambda row: (row['best'], -row['lr']))


def format_table(rows: List[Dict], metric: str) -> str:
    """A plain-text table of the sweep, the winner marked with ``*``."""
    best = select_best(rows)
    lines = [
        f'{"lr":>8}  {"best " + metric:>16}  {"at step":>7}  '
        f'{"last " + metric:>16}  status'
    ]
    for row in rows:
        if row['best'] is None:
            best_text, step_text, last_text = '-', '-', '-'
        else:
            best_text = f'{row["best"]:.4f}'
            step_text = str(row['best_step'])
            last_text = f'{row["last"]:.4f}'
        status = 'ok' if row['returncode'] in (0, None) \
            else f'failed (exit {row["returncode"]})'
        if row['best'] is None and status == 'ok':
            status = 'no metric logged'
        marker = '*' if row is best else ' '
        lines.append(f'{row["lr"]:>8g}{marker} {best_text:>16}  '
                     f'{step_text:>7}  {last_text:>16}  {status}')
    if best is None:
        lines.append(f'no run logged "{metric}"')
    else:
        lines.append(f'best: lr={best["lr"]:g} with {metric}='
                     f'{best["best"]:.4f} at step {best["best_step"]}')
    return '\n'.join(lines)


@exit_on_user_error
def main(argv: Optional[Sequence[str]] = None) -> int:
    args, train_args = parse_args(argv)
    if not osp.isfile(args.config):
        raise FileNotFoundError(f'config not found: {args.config}')
    if args.pretrained is not None and not osp.isfile(args.pretrained):
        raise FileNotFoundError(f'--pretrained checkpoint not found: '
                                f'{args.pretrained}')
    rows = []
    for lr in args.lrs:
        returncode = None
        if not args.summarize_only:
            command = train_command(args.config, lr, args.work_dir,
                                    args.pretrained, train_args)
            print(f'[lr_sweep] lr={lr:g}: {" ".join(command)}', flush=True)
            returncode = subprocess.call(command)
        history = read_metric_history(run_dir(args.work_dir, lr), args.metric)
        rows.append(summarize(lr, history, returncode))

    table = format_table(rows, args.metric)
    print(table)
    os.makedirs(args.work_dir, exist_ok=True)
    summary = dict(
        config=args.config,
        metric=args.metric,
        runs=rows,
        best=select_best(rows))
    with open(osp.join(args.work_dir, 'lr_sweep.json'), 'w') as f:
        json.dump(summary, f, indent=2)
    failed = any(row['returncode'] not in (0, None) for row in rows)
    return 1 if failed or summary['best'] is None else 0


if __name__ == '__main__':
    sys.exit(main())
