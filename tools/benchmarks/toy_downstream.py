"""Every downstream protocol on the toy dataset, random init vs pre-trained.

Runs, for the random-init backbone and for each given pre-training
checkpoint, the toy configs of ``configs/benchmarks/`` through
``tools/train.py`` and ``tools/test.py`` (one subprocess each, as a user
would), and prints one Markdown table of the test metrics: retrieval R@1 and
the top-1 of linear probe, finetune, Motion, Sync and Order. RGB backbones
are evaluated on RGB input; RGBDiff backbones (pre-trained on frame
differences) on frame differences, where a config exists (retrieval, linear,
finetune, Motion).

Example (after pre-training with configs/transrank/*toy*.py)::

    python tools/benchmarks/toy_downstream.py \
        --rgb TransRank=work_dirs/toy/r3d18_toy/epoch_12.pth \
        --rgbdiff TransRank=work_dirs/toy/r3d18_toy_rgbdiff/epoch_12.pth

Every run keeps its metrics in ``{work_dir}/<protocol>_<input>/<backbone>/
result.json`` and is skipped when that file exists (``--rerun`` repeats it),
so an interrupted table continues where it stopped. The table is written to
``{work_dir}/table.md`` and the metrics of all runs to
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

#: Columns: name -> (config folder, trained first, metric key of RGB input)
PROTOCOLS = {
    'Retrieval R@1': ('retrieval', False, 'retrieval/rgb/R@1'),
    'Linear top-1': ('linear', True, 'acc/top1'),
    'Finetune top-1': ('finetune', True, 'acc/top1'),
    'Motion top-1': ('motion', True, 'acc/top1'),
    'Sync top-1': ('sync', True, 'acc/top1'),
    'Order top-1': ('order', True, 'acc/top1'),
}
#: Input modalities -> (row label, config name suffix)
INPUTS = {'rgb': ('RGB', ''), 'rgbdiff': ('RGBDiff', '_rgbdiff')}
RANDOM_INIT = 'random init'


def protocol_config(column, modality):
    """Config of a column for an input modality; None if there is none."""
    folder = PROTOCOLS[column][0]
    if folder == 'retrieval':
        name = f'r3d18_toy_{modality}.py'
    else:
        name = f'r3d18_toy{INPUTS[modality][1]}.py'
    path = osp.join(BENCHMARKS, folder, name)
    return path if osp.isfile(path) else None


def metric_key(column, modality):
    key = PROTOCOLS[column][2]
    return key.replace('/rgb/', f'/{modality}/')


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
        '--rerun',
        action='store_true',
        help='repeat runs whose result.json exists instead of reusing it')
    parser.add_argument(
        '--seed',
        type=int,
        default=0,
        help='randomness.seed of every run, so that the rows differ only '
        'by the initial backbone')
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


def run_protocol(config, trains, checkpoint, run_dir, options):
    """Train (if the protocol trains) and test; returns the test metrics."""
    init = [f'model.backbone_checkpoint={checkpoint}'] if checkpoint else []
    test_dir = osp.join(run_dir, 'test')
    if trains:
        run_tool('train.py', config, '--work-dir', run_dir, '--cfg-options',
                 *options, *init)
        with open(osp.join(run_dir, 'last_checkpoint')) as f:
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
    rows, raw = {}, {}
    for modality, named in checkpoints.items():
        if modality != 'rgb' and not named:
            continue
        inits = {RANDOM_INIT: None, **named}
        for init, checkpoint in inits.items():
            row = f'{init} ({INPUTS[modality][0]})'
            rows[row] = {}
            for column in args.protocols:
                config = protocol_config(column, modality)
                if config is None:
                    continue
                trains = PROTOCOLS[column][1]
                run_dir = osp.join(
                    args.work_dir, f'{PROTOCOLS[column][0]}_{modality}',
                    init.replace(' ', '_'))
                result_file = osp.join(run_dir, 'result.json')
                if args.rerun or not osp.isfile(result_file):
                    print(f'{column}: {row} ...', flush=True)
                    options = data_options(data_root, trains) + [
                        f'randomness.seed={args.seed}', *args.cfg_options
                    ]
                    metrics = run_protocol(config, trains, checkpoint,
                                           run_dir, options)
                    with open(result_file, 'w') as f:
                        json.dump(metrics, f)
                with open(result_file) as f:
                    metrics = json.load(f)
                raw.setdefault(row, {})[column] = metrics
                value = metrics[metric_key(column, modality)]
                rows[row][column] = 100 * value if trains else value
    table = format_table(rows, args.protocols)
    os.makedirs(args.work_dir, exist_ok=True)
    with open(osp.join(args.work_dir, 'table.md'), 'w') as f:
        f.write(table + '\n')
    with open(osp.join(args.work_dir, 'metrics.json'), 'w') as f:
        json.dump(raw, f, indent=2)
    print(table)


if __name__ == '__main__':
    main()
