"""Choose the initial learning rate of a downstream protocol.

TransRank's transfer protocol (appendix A.2, Table 11) trains every
downstream task with the initial lrs {0.01, 0.02, 0.04, 0.08, 0.16}. This
tool runs ``tools/train.py`` once per lr, one after the other, each in
``WORK_DIR/lr_<lr>`` with ``--cfg-options optim_wrapper.optimizer.lr=<lr>``,
and scores each run by its LAST logged validation value (no epoch is
selected). Where the score comes from is ``--select-on``:

* ``holdout`` (default): a stratified ``--holdout-fraction`` of the TRAINING
  list is held out (``WORK_DIR/holdout/``); each lr trains on the rest and is
  scored on the held-out videos. The chosen lr is then trained on the full
  training list (``WORK_DIR/final_lr_<lr>``); its last validation value (on
  the config's validation list, the test split of UCF101, HMDB51 and
  mHMDB51) is printed with its last checkpoint, which ``tools/test.py``
  evaluates with the full test protocol. Nothing is selected on the test
  split.
* ``test``: each lr is scored on the config's validation list, which for
  UCF101, HMDB51 and mHMDB51 is the test split. This is what the TransRank
  appendix reports ("the best"), and is labelled as optimistic.

The table goes to stdout and ``WORK_DIR/lr_sweep.json``. Example::

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

import numpy as np
from mmengine.config import DictAction

from mmssl.apis import exit_on_user_error, load_config
from mmssl.errors import AnnotationError, ConfigValueError, InputFileError

#: The initial lrs of TransRank's Table 11.
DEFAULT_LRS = (0.01, 0.02, 0.04, 0.08, 0.16)
TRAIN_SCRIPT = osp.join(osp.dirname(osp.abspath(__file__)), 'train.py')


def parse_args(argv: Optional[Sequence[str]] = None):
    parser = argparse.ArgumentParser(
        description='Run tools/train.py at several initial lrs and choose '
        'one on a held-out part of the training list (or, labelled '
        'optimistic, on the test split)',
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
        '--select-on',
        choices=['holdout', 'test'],
        default='holdout',
        help='score each lr on a held-out part of the training list '
        '(default), or on the validation list, which is the test split of '
        'UCF101/HMDB51 (optimistic, as the TransRank appendix reports)')
    parser.add_argument(
        '--holdout-fraction',
        type=float,
        default=0.1,
        help='fraction of each class of the training list held out '
        '(default: %(default)s)')
    parser.add_argument(
        '--summarize-only',
        action='store_true',
        help='do not train; summarise the runs already in --work-dir')
    return parser.parse_known_args(argv)


def run_dir(work_dir: str, lr: float) -> str:
    """Work dir of the run at ``lr``, e.g. ``WORK_DIR/lr_0.04``."""
    return osp.join(work_dir, f'lr_{lr:g}')


def train_command(config: str,
                  lr: float,
                  run_work_dir: str,
                  pretrained: Optional[str],
                  train_args: Sequence[str],
                  options: Sequence[str] = ()) -> List[str]:
    """The ``tools/train.py`` command line of the run at ``lr``."""
    options = [f'optim_wrapper.optimizer.lr={lr:g}', *options]
    if pretrained is not None:
        options.append(f'model.backbone_checkpoint={pretrained}')
    return [
        sys.executable, TRAIN_SCRIPT, config, '--work-dir', run_work_dir,
        *train_args, '--cfg-options', *options
    ]


def split_holdout(ann_file: str,
                  out_dir: str,
                  fraction: float,
                  seed: int = 0) -> tuple:
    """Hold out ``fraction`` of each class of an annotation list.

    Args:
        ann_file (str): ``<path> <label>`` lines.
        out_dir (str): Where ``train.txt`` and ``holdout.txt`` are written.
        fraction (float): In (0, 1); each class with at least two videos
            keeps at least one on each side.
        seed (int): Seed of the deterministic choice. Defaults to 0.

    Returns:
        tuple[str, str]: The paths of the two lists.
    """
    if not 0 < fraction < 1:
        raise ConfigValueError(f'--holdout-fraction must be in (0, 1), got '
                               f'{fraction}')
    if not osp.isfile(ann_file):
        raise InputFileError(f'training list not found: {ann_file}', ann_file)
    with open(ann_file) as f:
        lines = [line.rstrip('\n') for line in f if line.strip()]
    by_label: Dict[str, List[int]] = {}
    for index, line in enumerate(lines):
        by_label.setdefault(line.split()[-1], []).append(index)
    rng = np.random.default_rng(seed)
    held = set()
    for indices in by_label.values():
        count = min(max(round(fraction * len(indices)), 1), len(indices) - 1)
        held.update(rng.permutation(indices)[:count].tolist())
    if not held:
        raise AnnotationError(f'{ann_file}: too few videos to hold any out')
    os.makedirs(out_dir, exist_ok=True)
    paths = osp.join(out_dir, 'train.txt'), osp.join(out_dir, 'holdout.txt')
    for path, keep in zip(paths, (False, True)):
        with open(path, 'w') as f:
            f.writelines(line + '\n' for index, line in enumerate(lines)
                         if (index in held) == keep)
    return paths


def holdout_options(config: str,
                    work_dir: str,
                    fraction: float,
                    train_args: Sequence[str] = ()) -> list:
    """``--cfg-options`` training on the rest of the training list and
    validating on its held-out part (the config as ``train_args``'
    ``--cfg-options`` change it)."""
    cfg = load_config(config)
    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument('--cfg-options', nargs='+', action=DictAction)
    overrides = parser.parse_known_args(list(train_args))[0].cfg_options
    if overrides:
        cfg.merge_from_dict(overrides)
    dataset = cfg.train_dataloader.dataset
    train_part, holdout = split_holdout(dataset.ann_file,
                                        osp.join(work_dir, 'holdout'),
                                        fraction)
    options = [
        f'train_dataloader.dataset.ann_file={train_part}',
        f'val_dataloader.dataset.ann_file={holdout}'
    ]
    # The held-out videos sit with the training videos ('video' or 'img').
    options += [
        f'val_dataloader.dataset.data_prefix.{key}={value}'
        for key, value in dataset.get('data_prefix', {}).items()
    ]
    return options


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
                    raise InputFileError(
                        f'{log}:{lineno}: not a JSON line ({err.msg})'
                    ) from None
                if metric in record:
                    history.append((record.get('step'), record[metric]))
        if history:
            return history
    return []


def last_checkpoint(directory: str) -> Optional[str]:
    """The checkpoint a run saved last, from MMEngine's ``last_checkpoint``
    file in its work dir; None when there is none."""
    record = osp.join(directory, 'last_checkpoint')
    if not osp.isfile(record):
        return None
    with open(record) as f:
        return f.read().strip() or None


def summarize(lr: float, history: List[tuple],
              returncode: Optional[int]) -> Dict:
    """One table row: the last value of a run's metric history."""
    return dict(
        lr=lr,
        returncode=returncode,
        last=history[-1][1] if history else None,
        step=history[-1][0] if history else None)


def select_best(rows: List[Dict]) -> Optional[Dict]:
    """The row with the highest last value (the lower lr on ties)."""
    scored = [row for row in rows if row['last'] is not None]
    if not scored:
        return None
    return max(scored, key=lambda row: (row['last'], -row['lr']))


#: How each ``--select-on`` is labelled in the output.
SELECTION_LABELS = dict(
    holdout='selected on a held-out part of the training list',
    test='selected on the test split (as the TransRank appendix reports; '
    'optimistic)')


def format_table(rows: List[Dict], metric: str, select_on: str) -> str:
    """A plain-text table of the sweep, the chosen lr marked with ``*``."""
    best = select_best(rows)
    split = 'holdout' if select_on == 'holdout' else 'test'
    lines = [f'{"lr":>8}  {"last " + split + " " + metric:>24}  status']
    for row in rows:
        value = '-' if row['last'] is None else f'{row["last"]:.4f}'
        status = 'ok' if row['returncode'] in (0, None) \
            else f'failed (exit {row["returncode"]})'
        if row['last'] is None and status == 'ok':
            status = 'no metric logged'
        marker = '*' if row is best else ' '
        lines.append(f'{row["lr"]:>8g}{marker} {value:>24}  {status}')
    if best is None:
        lines.append(f'no run logged "{metric}"')
    else:
        lines.append(f'chosen: lr={best["lr"]:g} ({metric}='
                     f'{best["last"]:.4f}), {SELECTION_LABELS[select_on]}')
    return '\n'.join(lines)


def run(command: Optional[List[str]]) -> Optional[int]:
    """Run ``command`` (None: summarise only); its return code."""
    if command is None:
        return None
    print(f'[lr_sweep] {" ".join(command)}', flush=True)
    return subprocess.call(command)


@exit_on_user_error
def main(argv: Optional[Sequence[str]] = None) -> int:
    args, train_args = parse_args(argv)
    if not osp.isfile(args.config):
        raise FileNotFoundError(f'config not found: {args.config}')
    if args.pretrained is not None and not osp.isfile(args.pretrained):
        raise FileNotFoundError(f'--pretrained checkpoint not found: '
                                f'{args.pretrained}')
    options = holdout_options(args.config, args.work_dir,
                              args.holdout_fraction, train_args) \
        if args.select_on == 'holdout' else []
    rows = []
    for lr in args.lrs:
        directory = run_dir(args.work_dir, lr)
        returncode = run(None if args.summarize_only else train_command(
            args.config, lr, directory, args.pretrained, train_args, options))
        history = read_metric_history(directory, args.metric)
        rows.append(summarize(lr, history, returncode))
    print(format_table(rows, args.metric, args.select_on))
    best = select_best(rows)
    summary = dict(
        config=args.config,
        metric=args.metric,
        select_on=args.select_on,
        selection=SELECTION_LABELS[args.select_on],
        runs=rows,
        best=best,
        final=None,
        checkpoint=None)
    if best is not None and args.select_on == 'holdout':
        directory = osp.join(args.work_dir, f'final_lr_{best["lr"]:g}')
        returncode = run(None if args.summarize_only else train_command(
            args.config, best['lr'], directory, args.pretrained, train_args))
        final = summary['final'] = summarize(
            best['lr'], read_metric_history(directory, args.metric),
            returncode)
        if final['last'] is not None:
            print(f'final: lr={best["lr"]:g} on the full training list, '
                  f'last {args.metric}={final["last"]:.4f} on the validation '
                  'list (the test split of UCF101, HMDB51, mHMDB51)')
    elif best is not None:
        directory = run_dir(args.work_dir, best['lr'])
    if best is not None:
        checkpoint = summary['checkpoint'] = last_checkpoint(directory)
        if checkpoint is not None:
            print(f'its last checkpoint, for the full test protocol: '
                  f'python tools/test.py {args.config} {checkpoint}')
    os.makedirs(args.work_dir, exist_ok=True)
    with open(osp.join(args.work_dir, 'lr_sweep.json'), 'w') as f:
        json.dump(summary, f, indent=2)
    results = rows + ([summary['final']] if summary['final'] else [])
    failed = any(row['returncode'] not in (0, None) for row in results)
    return 1 if failed or best is None else 0


if __name__ == '__main__':
    sys.exit(main())
