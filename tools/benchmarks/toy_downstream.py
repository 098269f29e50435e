"""Every downstream protocol on the toy dataset, random init vs pre-trained.

Runs, for the random-init backbone and for each given pre-training
checkpoint, the toy configs of ``configs/benchmarks/`` through
``tools/train.py`` and ``tools/test.py`` (one subprocess each, as a user
would), and prints one Markdown table of the test metrics:

- retrieval R@1 on RGB (``retrieval/r3d18_toy_rgb.py``) for RGB backbones and
  on frame differences (``retrieval/r3d18_toy_rgbdiff.py``) for RGBDiff ones;
- top-1 of linear probe, finetune, Motion, Sync and Order (RGB input, so RGB
  backbones only).

Example (after pre-training with configs/transrank/r3d18_toy*.py)::

    python tools/benchmarks/toy_downstream.py \
        --rgb TransRank=work_dirs/toy/transrank/epoch_6.pth \
        --rgbdiff TransRank=work_dirs/toy/transrank_rgbdiff/epoch_12.pth

The table is also written to ``{work_dir}/table.md`` and the raw metrics to
``{work_dir}/metrics.json``.
"""
import argparse
import glob
import json
import os
import os.path as osp
import subprocess
import sys

REPO_ROOT = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))
BENCHMARKS = osp.join(REPO_ROOT, 'configs', 'benchmarks')

#: column -> (input modality, config, trained first, metric key)
PROTOCOLS = {
    'Retrieval R@1 (RGB)':
    ('rgb', 'retrieval/r3d18_toy_rgb.py', False, 'retrieval/rgb/R@1'),
    'Retrieval R@1 (RGBDiff)':
    ('rgbdiff', 'retrieval/r3d18_toy_rgbdiff.py', False,
     'retrieval/rgbdiff/R@1'),
    'Linear top-1': ('rgb', 'linear/r3d18_toy.py', True, 'acc/top1'),
    'Finetune top-1': ('rgb', 'finetune/r3d18_toy.py', True, 'acc/top1'),
    'Motion top-1': ('rgb', 'motion/r3d18_toy.py', True, 'acc/top1'),
    'Sync top-1': ('rgb', 'sync/r3d18_toy.py', True, 'acc/top1'),
    'Order top-1': ('rgb', 'order/r3d18_toy.py', True, 'acc/top1'),
}
RANDOM_INIT = 'random init'


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        '--rgb',
        nargs='*',
        default=[],
        metavar='NAME=CKPT',
        help='pre-training checkpoints of RGB backbones')
    parser.add_argument(
        '--rgbdiff',
        nargs='*',
        default=[],
        metavar='NAME=CKPT',
        help='pre-training checkpoints of RGBDiff backbones')
    parser.add_argument(
        '--protocols',
        nargs='*',
        choices=sorted(PROTOCOLS),
        default=list(PROTOCOLS),
        help='columns to run (default: all)')
    parser.add_argument(
        '--data', default='data/toy', help='toy dataset folder')
    parser.add_argument(
        '--work-dir',
        default='work_dirs/toy_downstream',
        help='where the runs and the table are written')
    parser.add_argument(
        '--epochs',
        type=int,
        help='override max_epochs of the trained protocols')
    parser.add_argument(
        '--cfg-options',
        nargs='*',
        default=[],
        metavar='KEY=VALUE',
        help='extra config overrides given to every train and test run')
    return parser.parse_args()


def parse_checkpoints(pairs, option):
    checkpoints = {}
    for pair in pairs:
        name, sep, path = pair.partition('=')
        if not sep or not name or not path:
            sys.exit(f'error: {option} {pair!r}: expected NAME=CHECKPOINT')
        if not osp.isfile(path):
            sys.exit(f'error: {option} {name}: checkpoint {path} not found')
        checkpoints[name] = osp.abspath(path)
    return checkpoints


def data_options(data_root, trains):
    """``--cfg-options`` pointing the protocol's loaders at ``data_root``.

    Trained protocols read train/val/test loaders; retrieval reads the test
    loader (queries: val videos) and the gallery loader (train videos).
    """
    videos = osp.join(data_root, 'videos')
    if trains:
        loaders = dict(
            train_dataloader='train', val_dataloader='val',
            test_dataloader='val')
    else:
        loaders = {
            'test_dataloader': 'val',
            'test_cfg.gallery_dataloader': 'train'
        }
    options = []
    for loader, split in loaders.items():
        options += [
            f'{loader}.dataset.ann_file={osp.join(data_root, split)}.txt',
            f'{loader}.dataset.data_prefix.video={videos}'
        ]
    return options


def run_tool(tool, *args):
    """Run a tool of ``tools/``; exit with its output tail on failure."""
    command = [sys.executable, osp.join(REPO_ROOT, 'tools', tool), *args]
    result = subprocess.run(
        command, cwd=REPO_ROOT, capture_output=True, text=True)
    if result.returncode != 0:
        tail = (result.stdout + result.stderr)[-2000:]
        sys.exit(f'error: {" ".join(command)} failed:\n{tail}')


def test_metrics(test_dir):
    """Metrics of the newest ``tools/test.py`` run logged in ``test_dir``."""
    logs = sorted(glob.glob(osp.join(test_dir, '*', '*.json')))
    if not logs:
        sys.exit(f'error: no test log (*/*.json) in {test_dir}')
    with open(logs[-1]) as f:
        return json.loads(f.readlines()[-1])


def run_protocol(column, checkpoint, work_dir, data_root, epochs,
                 extra_options):
    """Train (if the protocol trains) and test; returns the test metrics."""
    _, config, trains, _ = PROTOCOLS[column]
    config = osp.join(BENCHMARKS, config)
    options = data_options(data_root, trains) + list(extra_options)
    init = [f'model.backbone_checkpoint={checkpoint}'] if checkpoint else []
    test_dir = osp.join(work_dir, 'test')
    if trains:
        train_options = list(options)
        if epochs is not None:
            train_options.append(f'train_cfg.max_epochs={epochs}')
        run_tool('train.py', config, '--work-dir', work_dir,
                 '--cfg-options', *train_options, *init)
        with open(osp.join(work_dir, 'last_checkpoint')) as f:
            trained = f.read().strip()
        run_tool('test.py', config, trained, '--work-dir', test_dir,
                 '--cfg-options', *options)
    else:
        run_tool('test.py', config, '--work-dir', test_dir, '--cfg-options',
                 *options, *init)
    return test_metrics(test_dir)


def format_table(rows, columns):
    lines = [
        '| backbone | ' + ' | '.join(columns) + ' |',
        '| --- |' + ' ---: |' * len(columns)
    ]
    for name, cells in rows.items():
        values = [
            '-' if cells.get(column) is None else f'{cells[column]:.1f}'
            for column in columns
        ]
        lines.append(f'| {name} | ' + ' | '.join(values) + ' |')
    return '\n'.join(lines)


def main():
    args = parse_args()
    checkpoints = {
        'rgb': parse_checkpoints(args.rgb, '--rgb'),
        'rgbdiff': parse_checkpoints(args.rgbdiff, '--rgbdiff')
    }
    if not osp.isfile(osp.join(args.data, 'train.txt')):
        sys.exit(f'error: {args.data}/train.txt not found; generate the toy '
                 'data with tools/data/toy/generate_toy_dataset.py')
    data_root = osp.abspath(args.data)
    rows = {RANDOM_INIT: {}}
    for modality, named in checkpoints.items():
        for name in named:
            rows[f'{name} ({"RGB" if modality == "rgb" else "RGBDiff"})'] = {}
    raw = {}
    for column in args.protocols:
        modality, _, _, key = PROTOCOLS[column]
        runs = {RANDOM_INIT: None}
        for name, path in checkpoints[modality].items():
            label = 'RGB' if modality == 'rgb' else 'RGBDiff'
            runs[f'{name} ({label})'] = path
        for row, checkpoint in runs.items():
            slug = row.replace(' ', '_').replace('(', '').replace(')', '')
            work_dir = osp.join(args.work_dir, column.split()[0].lower() +
                                f'_{modality}', slug)
            print(f'{column}: {row} ...', flush=True)
            metrics = run_protocol(column, checkpoint, work_dir, data_root,
                                   args.epochs, args.cfg_options)
            raw.setdefault(row, {})[column] = metrics
            value = metrics[key]
            rows[row][column] = 100 * value if key.startswith('acc') else value
    table = format_table(rows, args.protocols)
    os.makedirs(args.work_dir, exist_ok=True)
    with open(osp.join(args.work_dir, 'table.md'), 'w') as f:
        f.write(table + '\n')
    with open(osp.join(args.work_dir, 'metrics.json'), 'w') as f:
        json.dump(raw, f, indent=2)
    print(table)


if __name__ == '__main__':
    main()
