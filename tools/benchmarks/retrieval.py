"""Benchmark chunked retrieval recall against the matrix product and baselines.

Two measurements per size:

1. **Cost over the matrix product**, in one process: the normalised matrix
   product alone (``F.normalize(q) @ F.normalize(g).T``, the full matrix),
   a plain ``topk`` of the largest k over that full matrix, and
   :func:`mmssl.evaluation.functional.retrieval_recall` (plain and
   ``center=True``) run in turn ``--repeats`` times; each run's time is
   divided by the matrix product's of the same round, and the medians are
   reported. Timing all methods in the same rounds keeps the ratios
   meaningful on a machine shared with other jobs.
2. **Against the dense baseline**, each run in a fresh process, so that its
   peak resident memory (``ru_maxrss``) belongs to that run alone: what
   retrieval evaluation code of self-supervised video methods typically
   does, the full query x gallery matrix of
   ``sklearn.metrics.pairwise.cosine_distances`` and a full ``argsort`` of
   every row; the fastest of ``--repeats`` alternating runs counts.

Examples:
    # UCF101 split 1 sizes (3,783 test queries x 9,537 train videos):
    python tools/benchmarks/retrieval.py
    # plus the memory-bounded run, 240,000 queries x 20,000 gallery items:
    python tools/benchmarks/retrieval.py --large
"""
import argparse
import multiprocessing
import resource
import time
from concurrent.futures import ProcessPoolExecutor

import numpy as np

TOPK = (1, 5, 10, 20, 50)
UCF101_SPLIT1 = (3783, 9537, 512)
LARGE = (240_000, 20_000, 512)
NUM_CLASSES = 101


def parse_size(text):
    """'QxGxD' -> (queries, gallery, dim)."""
    parts = text.lower().split('x')
    if len(parts) != 3 or not all(part.isdigit() for part in parts):
        raise argparse.ArgumentTypeError(
            f'--sizes entry "{text}": expected QUERIESxGALLERYxDIM, e.g. '
            '3783x9537x512')
    return tuple(int(part) for part in parts)


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument(
        '--sizes',
        nargs='+',
        type=parse_size,
        default=[UCF101_SPLIT1],
        help='QUERIESxGALLERYxDIM compared against the dense baseline '
        '(default: 3783x9537x512, UCF101 split 1)')
    parser.add_argument(
        '--large',
        action='store_true',
        help='also run 240000x20000x512 with retrieval_recall alone and '
        'report its peak memory')
    parser.add_argument(
        '--chunk-size',
        type=int,
        help='queries per chunk (default: sized by memory, see '
        'retrieval.CHUNK_ENTRIES)')
    parser.add_argument(
        '--repeats',
        type=int,
        default=3,
        help='rounds of every method: the in-process ratios are medians '
        'over them, and the fastest isolated run counts')
    parser.add_argument('--threads', type=int, default=2)
    parser.add_argument('--seed', type=int, default=0)
    return parser.parse_args()


def random_features(num_items, dim, seed, dtype=np.float32, block=16384):
    """Gaussian features (num_items, dim) written block by block.

    Drawing blocks straight into the output keeps the peak memory at the
    size of the result.
    """
    rng = np.random.default_rng(seed)
    feats = np.empty((num_items, dim), dtype=dtype)
    for start in range(0, num_items, block):
        rng.standard_normal(out=feats[start:start + block], dtype=dtype)
    return feats


def make_data(size, seed):
    num_queries, num_gallery, dim = size
    rng = np.random.default_rng(seed)
    return dict(
        query_feats=random_features(num_queries, dim, seed + 1),
        query_labels=rng.integers(0, NUM_CLASSES, num_queries),
        gallery_feats=random_features(num_gallery, dim, seed + 2),
        gallery_labels=rng.integers(0, NUM_CLASSES, num_gallery))


def dense_recall(query_feats, query_labels, gallery_feats, gallery_labels):
    """The baseline: full cosine distance matrix, full argsort per row."""
    from sklearn.metrics.pairwise import cosine_distances
    distances = cosine_distances(query_feats, gallery_feats)
    ranking = np.argsort(distances, axis=1)
    matches = gallery_labels[ranking[:, :max(TOPK)]] == query_labels[:, None]
    return {
        f'R@{k}': 100.0 * int(matches[:, :k].any(axis=1).sum()) /
        len(query_labels)
        for k in TOPK
    }


def in_process_ratios(size, args):
    """Median time of each method and median ratio to the matrix product.

    Returns:
        dict: method name -> (median seconds, median ratio).
    """
    import torch
    import torch.nn.functional as F
    from threadpoolctl import threadpool_limits

    from mmssl.evaluation.functional import retrieval_recall
    torch.set_num_threads(args.threads)
    data = make_data(size, args.seed)
    query, gallery = (torch.from_numpy(data[key])
                      for key in ('query_feats', 'gallery_feats'))

    def product():
        return F.normalize(query, dim=1) @ F.normalize(gallery, dim=1).T

    methods = {
        'matrix product': product,
        f'+ topk({max(TOPK)})': lambda: product().topk(max(TOPK), dim=1),
        'retrieval_recall': lambda: retrieval_recall(
            **data, topk=TOPK, chunk_size=args.chunk_size),
        'retrieval_recall(center=True)': lambda: retrieval_recall(
            **data, topk=TOPK, chunk_size=args.chunk_size, center=True),
    }
    times = {name: [] for name in methods}
    with threadpool_limits(limits=args.threads):
        for method in methods.values():  # warm-up
            method()
        for _ in range(args.repeats):
            for name, method in methods.items():
                start = time.perf_counter()
                method()
                times[name].append(time.perf_counter() - start)
    product_times = np.asarray(times['matrix product'])
    return {
        name: (float(np.median(runs)),
               float(np.median(np.asarray(runs) / product_times)))
        for name, runs in times.items()
    }


def report_ratios(size, args):
    num_queries, num_gallery, dim = size
    print(f'\n{num_queries} queries x {num_gallery} gallery x {dim}-d, '
          f'{args.threads} threads, chunk_size='
          f'{args.chunk_size or "auto"}: one process, {args.repeats} rounds, '
          'medians')
    context = multiprocessing.get_context('spawn')
    with ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
        results = pool.submit(in_process_ratios, size, args).result()
    for name, (seconds, ratio) in results.items():
        print(f'  {name:30s}: {seconds:6.3f} s  {ratio:5.2f}x the matrix '
              'product')


def measure(method, size, seed, threads, chunk_size):
    """Run one method on fresh data; return (recall, seconds, peak MiB)."""
    import torch
    from threadpoolctl import threadpool_limits

    from mmssl.evaluation.functional import retrieval_recall
    torch.set_num_threads(threads)
    data = make_data(size, seed)
    with threadpool_limits(limits=threads):
        start = time.perf_counter()
        if method == 'dense':
            recall = dense_recall(**data)
        else:
            recall = retrieval_recall(
                **data, topk=TOPK, chunk_size=chunk_size)
        seconds = time.perf_counter() - start
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return recall, seconds, peak_mib


def run_isolated(method, size, args):
    context = multiprocessing.get_context('spawn')
    with ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
        return pool.submit(measure, method, size, args.seed, args.threads,
                           args.chunk_size).result()


def format_recall(recall):
    return ' '.join(f'{key}={value:.2f}' for key, value in recall.items())


def compare(size, args):
    num_queries, num_gallery, dim = size
    chunk_size = args.chunk_size or 'auto'
    print(f'\n{num_queries} queries x {num_gallery} gallery x {dim}-d, '
          f'{args.threads} threads, chunk_size={chunk_size}, best of '
          f'{args.repeats}')
    runs = {'dense': [], 'chunked': []}
    for _ in range(args.repeats):
        for method, results in runs.items():
            results.append(run_isolated(method, size, args))
    best = {}
    for method, label in (('dense', 'sklearn cosine_distances + argsort'),
                          ('chunked', 'retrieval_recall')):
        recall, _, peak_mib = runs[method][0]
        seconds = min(result[1] for result in runs[method])
        best[method] = seconds
        print(f'  {method:7s} {"(" + label + ")":36s}: {seconds:6.2f} s, '
              f'peak RSS {peak_mib:5.0f} MiB  {format_recall(recall)}')
    dense, chunked = ([result[0] for result in runs[method]]
                      for method in ('dense', 'chunked'))
    if any(recall != dense[0] for recall in dense + chunked):
        raise AssertionError(
            f'recalls differ: dense {dense} vs chunked {chunked}')
    print(f'  identical recalls; chunked is '
          f'{best["dense"] / best["chunked"]:.1f}x faster')


def large_run(args):
    num_queries, num_gallery, dim = LARGE
    dense_gib = num_queries * num_gallery * 4 / 2**30
    print(f'\n{num_queries} queries x {num_gallery} gallery x {dim}-d '
          f'(a dense float32 similarity matrix would take {dense_gib:.1f} '
          'GiB), chunked only')
    recall, seconds, peak_mib = run_isolated('chunked', LARGE, args)
    inputs_mib = (num_queries + num_gallery) * dim * 4 / 2**20
    print(f'  chunked: {seconds:.1f} s, peak RSS {peak_mib:.0f} MiB '
          f'(of which {inputs_mib:.0f} MiB are the input features) '
          f'{format_recall(recall)}')


def main():
    args = parse_args()
    for size in args.sizes:
        report_ratios(size, args)
        compare(size, args)
    if args.large:
        large_run(args)


if __name__ == '__main__':
    main()
