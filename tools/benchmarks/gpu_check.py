"""A quick check of every pre-training config on a GPU, fp32 and AMP.

For each config (by default every pre-training config under ``configs/``,
toy configs and ``_base_`` folders excluded, plus the UCF101 finetune
protocol ``configs/benchmarks/finetune/r3d18_ucf101.py``) it

1. points the config's train dataloader at a few generated videos (toy
   motion videos of :func:`mmssl.datasets.toy.generate_toy_dataset`, written
   once into a temporary folder; nothing is downloaded) and runs the
   config's own train pipeline and batch size through its dataloader, with
   ``--num-workers`` workers, to prefetch ``--prefetch`` batches;
2. for fp32 (``OptimWrapper``) and AMP (``AmpOptimWrapper``, float16 with
   dynamic loss scaling, as ``tools/train.py --amp``): builds the model and
   the config's optimizer, runs ``--warmup`` untimed and ``--iters`` timed
   ``model.train_step`` calls over the prefetched batches (cycled), with
   the device synchronised around the timed ones, so the data pipeline does
   not count;
3. reports clips/s (videos x clips per video, per second), the peak memory
   allocated (``torch.cuda.max_memory_allocated``), the AMP speed-up (AMP
   over fp32 clips/s) and whether every loss was finite.

It prints a Markdown table and writes JSON (``--out``, rewritten after each
config, so an interrupted run keeps what it measured). A config that fails
(an exception, a CUDA out-of-memory error, or more than
``--config-timeout`` seconds) is recorded with its error and the check goes
on; configs that would start after ``--time-budget`` seconds are skipped.
The exit status is 1 if any config failed, was skipped or had a non-finite
loss, else 0.

``--device cpu`` runs the same steps on the CPU for fp32 only: MMEngine's
``AmpOptimWrapper`` needs CUDA, so the AMP rows are skipped (``-``), and
peak memory is not measured.

Examples::

    python tools/benchmarks/gpu_check.py --out work_dirs/gpu_check.json
    python tools/benchmarks/gpu_check.py --batch-size 32 --iters 20 \\
        --configs configs/transrank/r3d18_k200.py
    python tools/benchmarks/gpu_check.py --device cpu --configs \\
        configs/transrank/r3d18_toy.py --batch-size 2 --iters 1 --warmup 0 \\
        --num-workers 0 --video-size 64 --num-frames 80
"""
import _thread
import argparse
import copy
import gc
import json
import math
import os
import os.path as osp
import platform
import signal
import sys
import tempfile
import threading
import time
import traceback
from contextlib import contextmanager
from itertools import cycle, islice

import torch
from mmengine.config import Config, DictAction
from mmengine.logging import MMLogger
from mmengine.optim import build_optim_wrapper
from mmengine.runner import Runner

from mmssl.datasets.toy import generate_toy_dataset
from mmssl.registry import MODELS
from mmssl.utils import register_all_modules

REPO_ROOT = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))
#: Folders of ``configs/`` that hold no pre-training configs.
NOT_PRETRAINING = ('_base_', 'benchmarks')
#: The downstream protocol checked with the pre-training configs.
DOWNSTREAM_CONFIG = 'configs/benchmarks/finetune/r3d18_ucf101.py'
#: Precision -> optimizer wrapper type.
WRAPPERS = dict(fp32='OptimWrapper', amp='AmpOptimWrapper')


def parse_args(argv=None):
    parser = argparse.ArgumentParser(
        description=__doc__.split('\n')[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog='\n'.join(__doc__.split('\n')[1:]))
    parser.add_argument(
        '--configs',
        nargs='+',
        help='configs to check (default: every pre-training config and '
        f'{DOWNSTREAM_CONFIG})')
    parser.add_argument('--device', default='cuda', help='cuda, cuda:N or cpu')
    parser.add_argument(
        '--precisions',
        nargs='+',
        choices=tuple(WRAPPERS),
        default=list(WRAPPERS),
        help='fp32 and/or amp')
    parser.add_argument(
        '--batch-size',
        type=int,
        help="videos per batch (default: the config's train batch size)")
    parser.add_argument(
        '--iters', type=int, default=10, help='timed iterations')
    parser.add_argument(
        '--warmup', type=int, default=3, help='untimed iterations first')
    parser.add_argument(
        '--prefetch',
        type=int,
        default=2,
        help='distinct batches prefetched per config, cycled over the '
        'iterations')
    parser.add_argument(
        '--num-workers',
        type=int,
        default=min(8, os.cpu_count() or 1),
        help='dataloader workers that prefetch the batches')
    parser.add_argument(
        '--num-videos', type=int, default=8, help='videos to generate')
    parser.add_argument(
        '--num-frames',
        type=int,
        default=192,
        help='frames per generated video (8x speed of 17-frame clips '
        'needs 136)')
    parser.add_argument(
        '--video-size',
        type=int,
        default=128,
        help='height and width of the generated videos (even)')
    parser.add_argument(
        '--cudnn-benchmark',
        action='store_true',
        help="turn on cudnn.benchmark (default: the config's "
        'env_cfg.cudnn_benchmark)')
    parser.add_argument(
        '--config-timeout',
        type=float,
        default=60,
        help='seconds one config may take before it is recorded as failed')
    parser.add_argument(
        '--time-budget',
        type=float,
        default=180,
        help='seconds after which the remaining configs are skipped')
    parser.add_argument(
        '--out', default='gpu_check.json', help='JSON file of the results')
    parser.add_argument(
        '--cfg-options',
        nargs='+',
        action=DictAction,
        help='override settings of every config, as key=value pairs')
    args = parser.parse_args(argv)
    for name in ('iters', 'prefetch', 'num_videos'):
        if getattr(args, name) < 1:
            parser.error(f'--{name.replace("_", "-")} must be >= 1')
    if args.warmup < 0 or args.num_workers < 0:
        parser.error('--warmup and --num-workers must be >= 0')
    if not args.config_timeout > 0:
        parser.error('--config-timeout must be > 0')
    if args.batch_size is not None and args.batch_size < 1:
        parser.error('--batch-size must be >= 1')
    return args


def discover_configs(root=REPO_ROOT):
    """Every pre-training config, then the downstream protocol.

    Pre-training configs are the ``.py`` files in the method folders of
    ``configs/`` (all but ``_base_`` and ``benchmarks``), at any depth
    outside ``_base_`` folders, whose name does not contain ``toy``.

    Returns:
        list[str]: Paths relative to ``root``.
    """
    found = []
    config_root = osp.join(root, 'configs')
    for method in sorted(os.listdir(config_root)):
        if method in NOT_PRETRAINING or not osp.isdir(
                osp.join(config_root, method)):
            continue
        for folder, subfolders, files in os.walk(
                osp.join(config_root, method)):
            subfolders[:] = sorted(d for d in subfolders if d != '_base_')
            found += [
                osp.relpath(osp.join(folder, name), root)
                for name in sorted(files)
                if name.endswith('.py') and 'toy' not in name
            ]
    return found + [DOWNSTREAM_CONFIG]


def innermost_dataset(dataset_cfg):
    """The dataset config that reads files, inside any dataset wrappers
    (``RepeatDataset``, ``ClassBalancedDataset``) that nest it as
    ``dataset``."""
    while 'dataset' in dataset_cfg:
        dataset_cfg = dataset_cfg['dataset']
    return dataset_cfg


def prepare_config(path, args, video_dir, video_names, work_dir):
    """Load ``path`` and point its train dataloader at the generated videos.

    The annotation file lists ``batch_size * prefetch`` lines, cycling over
    ``video_names``, all labelled 0 (a label of every label space).

    Returns:
        Config: With ``train_dataloader`` ready for
        ``Runner.build_dataloader``.
    """
    cfg = Config.fromfile(path)
    if args.cfg_options:
        cfg.merge_from_dict(args.cfg_options)
    loader = cfg.train_dataloader
    if args.batch_size is not None:
        loader.batch_size = args.batch_size
    dataset = innermost_dataset(loader.dataset)
    if 'Rawframe' in str(dataset.get('type', '')):
        raise ValueError(f'{path}: train dataset {dataset.type} reads frame '
                         'folders; this check generates videos only')
    num_lines = loader.batch_size * args.prefetch
    ann_file = osp.join(
        work_dir,
        osp.splitext(path)[0].replace(os.sep, '_') + '_train.txt')
    with open(ann_file, 'w') as f:
        f.writelines(f'{name} 0\n'
                     for name in islice(cycle(video_names), num_lines))
    dataset.ann_file = ann_file
    dataset.data_prefix = dict(video=video_dir)
    loader.num_workers = args.num_workers
    loader.persistent_workers = False
    if args.num_workers:
        loader.timeout = args.config_timeout
    return cfg


def count_clips(inputs):
    """Clips in a batch's ``inputs``.

    A video tensor is (..., C, T, H, W); its leading dimensions count
    clips: (N, C, T, H, W) per sample, (B, N, C, T, H, W) stacked. Lists,
    tuples and dicts (several views) add up their parts.
    """
    if isinstance(inputs, torch.Tensor):
        return math.prod(inputs.shape[:-4]) if inputs.dim() > 4 else 1
    if isinstance(inputs, dict):
        return sum(count_clips(value) for value in inputs.values())
    return sum(count_clips(item) for item in inputs)


def prefetch(cfg, num_batches):
    """Run the config's train dataloader for ``num_batches`` batches.

    Returns:
        list[dict]: Collated batches (``inputs``, ``data_samples``), on the
        CPU.
    """
    loader = Runner.build_dataloader(cfg.train_dataloader, seed=0)
    batches = list(islice(iter(loader), num_batches))
    if len(batches) < num_batches:
        raise RuntimeError(f'the dataloader gave {len(batches)} batches, '
                           f'expected {num_batches}')
    return batches


def synchronize(device):
    if device.type == 'cuda':
        torch.cuda.synchronize(device)


def build_optim_cfg(cfg, precision):
    """The config's ``optim_wrapper`` as ``OptimWrapper`` (fp32) or
    ``AmpOptimWrapper`` with dynamic loss scaling (amp)."""
    optim_cfg = copy.deepcopy(cfg.optim_wrapper)
    wrapper_type = optim_cfg.get('type', 'OptimWrapper')
    if wrapper_type not in tuple(WRAPPERS.values()):
        raise ValueError(f'optim_wrapper.type must be one of '
                         f'{tuple(WRAPPERS.values())}, got "{wrapper_type}"')
    optim_cfg.type = WRAPPERS[precision]
    if precision == 'amp':
        optim_cfg.setdefault('loss_scale', 'dynamic')
    else:
        for key in ('loss_scale', 'dtype'):
            optim_cfg.pop(key, None)
    return optim_cfg


def time_precision(cfg, batches, precision, args, device):
    """Train ``--warmup`` + ``--iters`` steps in one precision.

    Returns:
        dict: ``clips_per_s``, ``ms_per_iter``, ``peak_memory_mib`` (None on
        the CPU), ``losses`` (every iteration's total loss) and
        ``loss_finite``.
    """
    if device.type == 'cuda':
        torch.cuda.empty_cache()
        torch.cuda.reset_peak_memory_stats(device)
    torch.manual_seed(0)
    model = MODELS.build(cfg.model)
    model.init_weights()
    model = model.to(device).train()
    optim_wrapper = build_optim_wrapper(model, build_optim_cfg(cfg, precision))
    data = [model.data_preprocessor.cast_data(batch) for batch in batches]
    clips = [count_clips(batch['inputs']) for batch in batches]
    losses = []

    def step(index):
        log_vars = model.train_step(data[index % len(data)], optim_wrapper)
        losses.append(torch.as_tensor(log_vars['loss']).detach().float())

    for index in range(args.warmup):
        step(index)
    synchronize(device)
    start = time.perf_counter()
    for index in range(args.warmup, args.warmup + args.iters):
        step(index)
    synchronize(device)
    seconds = time.perf_counter() - start
    timed_clips = sum(clips[index % len(clips)]
                      for index in range(args.warmup,
                                         args.warmup + args.iters))
    loss_values = torch.stack(losses).cpu()
    return dict(
        clips_per_s=timed_clips / seconds,
        ms_per_iter=seconds / args.iters * 1e3,
        peak_memory_mib=(torch.cuda.max_memory_allocated(device) / 2**20
                         if device.type == 'cuda' else None),
        losses=loss_values.tolist(),
        loss_finite=bool(torch.isfinite(loss_values).all()))


def describe(error):
    """One line: the exception type and the first line of its message."""
    message = str(error).strip().split('\n')[0][:300]
    return f'{type(error).__name__}: {message}'


@contextmanager
def time_limit(seconds):
    """Raise ``TimeoutError`` in the main thread after ``seconds``.

    A timer thread interrupts the main thread (as Ctrl-C would) and the
    interrupt is turned into ``TimeoutError``; SIGALRM stays free for
    others (pytest-timeout). Code blocked in C (a CUDA synchronisation) is
    interrupted when it returns to Python. The interrupt needs Python's own
    SIGINT handler, which a library may have replaced (SIG_IGN makes it a
    no-op), so the limit installs it for its duration.
    """
    fired = threading.Event()
    previous_handler = signal.signal(signal.SIGINT,
                                     signal.default_int_handler)

    def expire():
        fired.set()
        _thread.interrupt_main()

    timer = threading.Timer(seconds, expire)
    timer.daemon = True
    timer.start()
    try:
        yield
    except KeyboardInterrupt:
        if fired.is_set():
            raise TimeoutError(f'took longer than {seconds:g} s') from None
        raise
    finally:
        timer.cancel()
        signal.signal(signal.SIGINT, previous_handler)


def free_device_memory(device):
    gc.collect()
    if device.type == 'cuda':
        torch.cuda.empty_cache()


def empty_record(path):
    """The result of one config before it runs.

    Keys: ``config``, ``batch_size`` (videos), ``clips_per_batch``,
    ``clip_shape`` (C, T, H, W of one clip), ``runs`` (precision -> the
    result of :func:`time_precision`, or ``error`` / ``skipped``),
    ``amp_speedup`` (AMP over fp32 clips/s), ``error`` (what stopped the
    config, outside a run) and ``skipped`` (why it did not run).
    """
    return dict(
        config=path,
        batch_size=None,
        clips_per_batch=None,
        clip_shape=None,
        runs={},
        amp_speedup=None,
        error=None,
        skipped=None)


def check_config(path, args, device, video_dir, video_names, work_dir):
    """Prefetch the batches of one config and time each precision.

    Returns:
        dict: See :func:`empty_record`.
    """
    record = empty_record(path)
    try:
        with time_limit(args.config_timeout):
            cfg = prepare_config(path, args, video_dir, video_names, work_dir)
            torch.backends.cudnn.benchmark = (
                args.cudnn_benchmark
                or cfg.get('env_cfg', {}).get('cudnn_benchmark', False))
            batches = prefetch(cfg, args.prefetch)
            first = batches[0]['inputs']
            record.update(
                batch_size=len(first),
                clips_per_batch=count_clips(first),
                clip_shape=(list(first[0].shape[-4:]) if isinstance(
                    first[0], torch.Tensor) else None))
            for precision in args.precisions:
                if precision == 'amp' and device.type != 'cuda':
                    record['runs'][precision] = dict(
                        skipped='AmpOptimWrapper needs CUDA')
                    continue
                try:
                    record['runs'][precision] = time_precision(
                        cfg, batches, precision, args, device)
                except Exception as error:  # noqa: BLE001 (report, go on)
                    traceback.print_exc()
                    record['runs'][precision] = dict(error=describe(error))
                free_device_memory(device)
    except Exception as error:  # noqa: BLE001 (report, go on)
        traceback.print_exc()
        record['error'] = describe(error)
        free_device_memory(device)
    fp32, amp = (record['runs'].get(name, {}) for name in ('fp32', 'amp'))
    if 'clips_per_s' in fp32 and 'clips_per_s' in amp:
        record['amp_speedup'] = amp['clips_per_s'] / fp32['clips_per_s']
    return record


def failures(record):
    """What went wrong in a record, as short strings (empty if nothing)."""
    found = [record['error']] if record['error'] else []
    if record['skipped']:
        found.append(f'skipped: {record["skipped"]}')
    for precision, run in record['runs'].items():
        if 'error' in run:
            found.append(f'{precision}: {run["error"]}')
        elif 'loss_finite' in run and not run['loss_finite']:
            found.append(f'{precision}: non-finite loss {run["losses"]}')
    return found


def format_table(records):
    """The Markdown table of the records, then one line per failure."""

    def cell(run, key, fmt):
        if 'error' in run:
            return 'error'
        if run.get(key) is None:
            return '-'
        return fmt.format(run[key])

    lines = [
        '| config | videos x clips | clip (C, T, H, W) | fp32 clips/s '
        '| fp32 peak MiB | AMP clips/s | AMP peak MiB | AMP speed-up '
        '| losses finite |',
        '| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | --- |'
    ]
    notes = []
    for record in records:
        fp32, amp = (record['runs'].get(name, {}) for name in ('fp32', 'amp'))
        finite = [run['loss_finite'] for run in (fp32, amp)
                  if 'loss_finite' in run]
        if record['clips_per_batch'] is None:
            shape = '-'
            batch = '-'
        else:
            clips = record['clips_per_batch'] // record['batch_size']
            batch = f'{record["batch_size"]} x {clips}'
            shape = ('-' if record['clip_shape'] is None else
                     'x'.join(map(str, record['clip_shape'])))
        if record['error'] or record['skipped']:
            status = 'error' if record['error'] else 'skipped'
        else:
            status = 'no' if not all(finite) else 'yes' if finite else '-'
        speedup = ('-' if record['amp_speedup'] is None else
                   f'{record["amp_speedup"]:.2f}x')
        lines.append(
            f'| `{record["config"]}` | {batch} | {shape} '
            f'| {cell(fp32, "clips_per_s", "{:.1f}")} '
            f'| {cell(fp32, "peak_memory_mib", "{:,.0f}")} '
            f'| {cell(amp, "clips_per_s", "{:.1f}")} '
            f'| {cell(amp, "peak_memory_mib", "{:,.0f}")} '
            f'| {speedup} | {status} |')
        notes += [
            f'- `{record["config"]}`: {problem}'
            for problem in failures(record)
        ]
    return '\n'.join(lines + ([''] + notes if notes else []))


def environment(args, device):
    info = dict(
        torch=torch.__version__,
        cuda=torch.version.cuda,
        cudnn=torch.backends.cudnn.version()
        if torch.backends.cudnn.is_available() else None,
        python=platform.python_version(),
        device=str(device),
        device_name=(torch.cuda.get_device_name(device)
                     if device.type == 'cuda' else platform.processor()
                     or platform.machine()),
        args=vars(args))
    if device.type == 'cuda':
        info['device_memory_mib'] = (
            torch.cuda.get_device_properties(device).total_memory / 2**20)
    return info


def write_json(path, info, records, finished):
    directory = osp.dirname(osp.abspath(path))
    os.makedirs(directory, exist_ok=True)
    tmp = f'{path}.tmp'
    with open(tmp, 'w') as f:
        json.dump(
            dict(environment=info, results=records, finished=finished),
            f,
            indent=2)
    os.replace(tmp, path)


def generate_videos(work_dir, args):
    """Write ``--num-videos`` toy videos; returns (folder, file names)."""
    paths = generate_toy_dataset(
        work_dir,
        num_train=args.num_videos,
        num_val=0,
        num_frames=args.num_frames,
        size=args.video_size,
        workers=max(1, min(args.num_videos, args.num_workers)))
    with open(paths['train']) as f:
        names = [line.split()[0] for line in f if line.strip()]
    return paths['videos'], names


def main(argv=None):
    args = parse_args(argv)
    start = time.perf_counter()
    device = torch.device(args.device)
    if device.type == 'cuda' and not torch.cuda.is_available():
        print(f'error: --device {args.device}: CUDA is not available',
              file=sys.stderr)
        return 2
    register_all_modules()
    # The current logger; at WARNING it keeps init_weights' per-parameter
    # report out of the output.
    MMLogger.get_instance('gpu_check', log_level='WARNING')
    configs = args.configs or discover_configs()
    info = environment(args, device)
    records = []
    with tempfile.TemporaryDirectory(prefix='gpu_check_') as work_dir:
        video_dir, video_names = generate_videos(work_dir, args)
        print(f'{len(video_names)} videos of {args.num_frames} frames at '
              f'{args.video_size}x{args.video_size} generated in '
              f'{time.perf_counter() - start:.1f} s; checking '
              f'{len(configs)} configs on {info["device_name"]} '
              f'({device})', flush=True)
        for path in configs:
            elapsed = time.perf_counter() - start
            if elapsed > args.time_budget:
                record = empty_record(path)
                record['skipped'] = (f'the time budget of '
                                     f'{args.time_budget:g} s was spent '
                                     f'({elapsed:.0f} s)')
            else:
                record = check_config(path, args, device, video_dir,
                                      video_names, work_dir)
            records.append(record)
            write_json(args.out, info, records, finished=False)
            print(f'[{time.perf_counter() - start:6.1f} s] {path}: '
                  f'{"; ".join(failures(record)) or "ok"}', flush=True)
    info['seconds'] = time.perf_counter() - start
    write_json(args.out, info, records, finished=True)
    print()
    print(format_table(records))
    failed = [record for record in records if failures(record)]
    print(f'\n{len(records) - len(failed)} of {len(records)} configs passed '
          f'in {info["seconds"]:.0f} s; results in {args.out}')
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
