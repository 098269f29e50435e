"""Toy pre-trainings over several seeds: pretext and retrieval, mean ± std.

For every pre-training config and seed, runs ``tools/train.py CONFIG
--cfg-options randomness.seed=S`` (one subprocess each, ``--jobs`` at a
time), reads the held-out pretext metrics of the last validation, and
evaluates retrieval R@1 of the checkpoint with the toy retrieval config of
its input (``rgbdiff`` when the config name says so, else ``rgb``). The
random-init backbone is evaluated with the same seeds. The Markdown table
(mean ± sample std over the seeds, and n) is printed and written to
``{work_dir}/table.md``; every run's numbers to ``{work_dir}/runs.json``.
Finished runs are reused (their ``result.json``), so an interrupted sweep
continues.

Example::

    python tools/data/toy/generate_toy_dataset.py --out data/toy
    python tools/benchmarks/toy_pretrain_seeds.py \\
        configs/transrank/r3d18_toy_rgbdiff.py configs/transrank/r3d18_toy.py \\
        --seeds 0 1 2 --work-dir work_dirs/toy_seeds --jobs 2
"""
import argparse
import glob
import json
import os
import os.path as osp
import statistics
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from typing import Dict, List, Optional

REPO_ROOT = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))
RETRIEVAL = osp.join(REPO_ROOT, 'configs', 'benchmarks', 'retrieval',
                     'r3d18_toy_{}.py')
R1_KEY = 'retrieval/{}/R@1'
RANDOM_INIT = 'random init'
#: Logged keys that are not pretext metrics.
NOT_METRICS = ('step', 'epoch', 'iter', 'lr', 'time', 'data_time', 'memory')


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('configs', nargs='+', help='pre-training configs')
    parser.add_argument('--seeds', type=int, nargs='+', default=[0, 1, 2])
    parser.add_argument('--work-dir', default='work_dirs/toy_seeds')
    parser.add_argument('--data-root', default='data/toy')
    parser.add_argument(
        '--jobs', type=int, default=1, help='runs at a time (default 1)')
    parser.add_argument(
        '--train-options',
        nargs='*',
        default=[],
        help='extra --cfg-options of every pre-training (e.g. a device-'
        'sized batch)')
    return parser.parse_args(argv)


def modality_of(config: str) -> str:
    return 'rgbdiff' if 'rgbdiff' in osp.basename(config) else 'rgb'


def run(args: List[str], log: str) -> None:
    """Run a tool of ``tools/`` writing its output to ``log``; raise with
    the log's tail if it fails."""
    command = [sys.executable, osp.join(REPO_ROOT, 'tools', args[0]),
               *args[1:]]
    os.makedirs(osp.dirname(log), exist_ok=True)
    with open(log, 'w') as out:
        code = subprocess.call(command, cwd=REPO_ROOT, stdout=out,
                               stderr=subprocess.STDOUT)
    if code != 0:
        with open(log) as f:
            tail = f.read()[-2000:]
        raise RuntimeError(f'{" ".join(command)} failed:\n{tail}')


def last_validation(work_dir: str) -> Dict[str, float]:
    """The metrics of the last validation logged in ``work_dir``."""
    logs = sorted(glob.glob(osp.join(work_dir, '*', 'vis_data',
                                     'scalars.json')))
    if not logs:
        raise RuntimeError(f'no scalars.json in {work_dir}')
    with open(logs[-1]) as f:
        records = [json.loads(line) for line in f if line.strip()]
    validations = [r for r in records if 'loss' not in r]
    if not validations:
        raise RuntimeError(f'{logs[-1]} logs no validation')
    return {
        key: value
        for key, value in validations[-1].items()
        if key not in NOT_METRICS and isinstance(value, (int, float))
    }


def test_metrics(test_dir: str) -> Dict[str, float]:
    """The metrics of the newest ``tools/test.py`` run in ``test_dir``."""
    logs = sorted(glob.glob(osp.join(test_dir, '*', '*.json')))
    if not logs:
        raise RuntimeError(f'no test log (*/*.json) in {test_dir}')
    with open(logs[-1]) as f:
        return json.loads(f.readlines()[-1])


def retrieval_r1(modality: str, checkpoint: Optional[str], seed: int,
                 data_root: str, test_dir: str) -> float:
    videos = osp.join(data_root, 'videos')
    options = [
        f'test_dataloader.dataset.ann_file={data_root}/val.txt',
        f'test_dataloader.dataset.data_prefix.video={videos}',
        f'test_cfg.gallery_dataloader.dataset.ann_file={data_root}/train.txt',
        f'test_cfg.gallery_dataloader.dataset.data_prefix.video={videos}',
        f'randomness.seed={seed}'
    ]
    if checkpoint is not None:
        options.append(f'model.backbone_checkpoint={checkpoint}')
    run(['test.py', RETRIEVAL.format(modality), '--work-dir', test_dir,
         '--cfg-options', *options], osp.join(test_dir, 'log.txt'))
    return test_metrics(test_dir)[R1_KEY.format(modality)]


def one_run(config: Optional[str], modality: str, seed: int, args) -> dict:
    """Pre-train (unless ``config`` is None: random init) and evaluate."""
    name = osp.splitext(osp.basename(config))[0] if config else \
        f'random_init_{modality}'
    run_dir = osp.abspath(osp.join(args.work_dir, name, f'seed{seed}'))
    result_file = osp.join(run_dir, 'result.json')
    if osp.isfile(result_file):
        with open(result_file) as f:
            return json.load(f)
    result = dict(config=config or RANDOM_INIT, modality=modality, seed=seed)
    checkpoint = None
    if config is not None:
        videos = osp.join(args.data_root, 'videos')
        run(['train.py', config, '--work-dir', run_dir, '--cfg-options',
             f'randomness.seed={seed}',
             f'train_dataloader.dataset.ann_file={args.data_root}/train.txt',
             f'train_dataloader.dataset.data_prefix.video={videos}',
             f'val_dataloader.dataset.ann_file={args.data_root}/val.txt',
             f'val_dataloader.dataset.data_prefix.video={videos}',
             *args.train_options], osp.join(run_dir, 'train_log.txt'))
        result.update(last_validation(run_dir))
        with open(osp.join(run_dir, 'last_checkpoint')) as f:
            checkpoint = f.read().strip()
    result['retrieval R@1'] = retrieval_r1(modality, checkpoint, seed,
                                           args.data_root,
                                           osp.join(run_dir, 'retrieval'))
    with open(result_file, 'w') as f:
        json.dump(result, f, indent=2)
    return result


def mean_std(values: List[float]) -> str:
    std = statistics.stdev(values) if len(values) > 1 else 0.0
    return f'{statistics.mean(values):.1f} ± {std:.1f}'


def format_table(results: List[dict]) -> str:
    """One row per config: every metric as mean ± std over the seeds."""
    groups: Dict[str, List[dict]] = {}
    for result in results:
        groups.setdefault(
            f'{osp.basename(result["config"])} ({result["modality"]})',
            []).append(result)
    keys = sorted({k for r in results for k in r} -
                  {'config', 'modality', 'seed'})
    lines = ['| run | n | ' + ' | '.join(keys) + ' |',
             '| --- | ---: |' + ' ---: |' * len(keys)]
    for name, runs in groups.items():
        cells = [
            mean_std([r[k] for r in runs]) if all(k in r for r in runs)
            else '' for k in keys
        ]
        lines.append(f'| {name} | {len(runs)} | ' + ' | '.join(cells) + ' |')
    return '\n'.join(lines)


def main(argv=None) -> str:
    args = parse_args(argv)
    jobs = [(config, modality_of(config), seed) for config in args.configs
            for seed in args.seeds]
    jobs += [(None, modality, seed)
             for modality in sorted({m for _, m, _ in jobs})
             for seed in args.seeds]
    with ThreadPoolExecutor(max_workers=args.jobs) as pool:
        results = list(pool.map(lambda job: one_run(*job, args), jobs))
    table = format_table(results)
    print(table)
    os.makedirs(args.work_dir, exist_ok=True)
    with open(osp.join(args.work_dir, 'table.md'), 'w') as f:
        f.write(table + '\n')
    with open(osp.join(args.work_dir, 'runs.json'), 'w') as f:
        json.dump(results, f, indent=2)
    return table


if __name__ == '__main__':
    main()
