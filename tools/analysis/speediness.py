"""Speediness score distributions per playback rate (TransRank Figure 7).

Runs a ``TransformationRecognizer`` over the validation set of its config
(the test-mode pipeline of ``val_dataloader``), groups the speediness score
of every clip by the playback rate of the clip's speed transformation and
plots one histogram with a density estimate per rate. With ``--compare``, a
second model (e.g. TransCls next to TransRank) is drawn in its own panel of
the same figure. The speediness of a clip is defined in
:func:`mmssl.models.algorithms.speediness_weights`.

Example::

    python tools/analysis/speediness.py transrank.py transrank.pth \
        --compare transcls.py transcls.pth --out speediness.png
"""
import argparse
import os.path as osp
from typing import Dict, List, Optional, Sequence

import numpy as np
import torch
from mmengine.config import Config
from mmengine.runner import Runner

from mmssl.apis import exit_on_user_error
from mmssl.errors import ConfigKeyError, ConfigValueError
from mmssl.models.utils import load_model_checkpoint
from mmssl.registry import MODELS
from mmssl.utils import register_all_modules


def parse_rate(text: str) -> Optional[float]:
    """``'2'`` -> 2.0, ``'0.5'`` -> 0.5, ``'none'`` -> None."""
    return None if text.lower() == 'none' else float(text)


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('config', help='model config with a val_dataloader')
    parser.add_argument('checkpoint', help='checkpoint of that model')
    parser.add_argument(
        '--rates', nargs='+', type=parse_rate,
        help='playback rate of every class of the speed head, "none" for '
        'non-speed classes, e.g. 1 2 4 8 none (default: the config\'s '
        'model.speediness.rates)')
    parser.add_argument(
        '--head', help='the speed head (default: model.speediness.head, '
        'else "temporal")')
    parser.add_argument(
        '--compare', nargs=2, metavar=('CONFIG2', 'CHECKPOINT2'),
        help='a second model drawn next to the first')
    parser.add_argument('--out', default='speediness.png', help='PNG path')
    parser.add_argument('--max-batches', type=int, default=None,
                        help='stop after this many validation batches')
    parser.add_argument('--device', default='cpu', help='cpu or cuda')
    return parser.parse_args(argv)


def speediness_config(cfg: Config, rates: Optional[Sequence],
                      head: Optional[str]) -> dict:
    """``model.speediness`` of ``cfg`` with ``--rates``/``--head`` applied."""
    configured = dict(cfg.model.get('speediness') or {})
    if rates is not None:
        configured['rates'] = list(rates)
    if head is not None:
        configured['head'] = head
    configured.setdefault('head', 'temporal')
    if 'rates' not in configured:
        raise ConfigKeyError(
            f'{cfg.filename}: model.speediness.rates is not set; pass '
            '--rates with the playback rate of every class of the speed head')
    return configured


def load_model(cfg: Config, checkpoint: str, speediness: dict,
               device: str) -> torch.nn.Module:
    """Build ``cfg.model`` with ``speediness`` and load ``checkpoint``."""
    model_cfg = cfg.model.copy()
    model_cfg['speediness'] = speediness
    model = MODELS.build(model_cfg)
    load_model_checkpoint(model, checkpoint)
    return model.to(device).eval()


def group_by_rate(speediness: np.ndarray, labels: np.ndarray,
                  rates: Sequence[Optional[float]]) -> Dict[float, list]:
    """Split clip scores by the playback rate of their class.

    Args:
        speediness (np.ndarray): Scores of the clips, (K,).
        labels (np.ndarray): Class of each clip, (K,) int.
        rates (Sequence[float | None]): Rate of every class; clips of
            classes with None are dropped.

    Returns:
        dict[float, list[float]]: Scores by rate, rates ascending.
    """
    groups = {}
    for score, label in zip(speediness.tolist(), labels.tolist()):
        rate = rates[label]
        if rate is not None:
            groups.setdefault(rate, []).append(score)
    return dict(sorted(groups.items()))


@torch.no_grad()
def collect_speediness(model, dataloader, rates: Sequence,
                       max_batches: Optional[int] = None) -> Dict[float, list]:
    """Speediness of every validation clip, grouped by playback rate."""
    label_key = model.heads[model.speed_head].label_key
    groups: Dict[float, List[float]] = {}
    for index, data in enumerate(dataloader):
        if max_batches is not None and index >= max_batches:
            break
        for sample in model.test_step(data):
            labels = torch.as_tensor(sample.get(label_key)).cpu().numpy()
            scores = sample.speediness.cpu().numpy()
            for rate, values in group_by_rate(scores, labels, rates).items():
                groups.setdefault(rate, []).extend(values)
    return dict(sorted(groups.items()))


def rank_correlation(groups: Dict[float, list]) -> float:
    """Spearman correlation between speediness and playback rate."""
    from scipy.stats import spearmanr
    scores = [s for values in groups.values() for s in values]
    rates = [rate for rate, values in groups.items() for _ in values]
    return float(spearmanr(scores, rates).statistic)


def plot_speediness(models: Dict[str, Dict[float, list]], out: str) -> None:
    """One panel per model, one histogram and density curve per rate."""
    import matplotlib
    matplotlib.use('Agg')
    import matplotlib.pyplot as plt
    from scipy.stats import gaussian_kde

    fig, axes = plt.subplots(
        1, len(models), figsize=(5 * len(models), 3.5), squeeze=False)
    for ax, (name, groups) in zip(axes[0], models.items()):
        edges = np.histogram_bin_edges(
            np.concatenate(list(groups.values())), bins=30)
        for index, (rate, values) in enumerate(groups.items()):
            values = np.asarray(values)
            color = f'C{index}'
            ax.hist(values, bins=edges, density=True, alpha=0.3, color=color,
                    label=f'{rate:g}x (n={len(values)})')
            if len(values) > 1 and values.std() > 0:
                grid = np.linspace(values.min(), values.max(), 200)
                ax.plot(grid, gaussian_kde(values)(grid), color=color)
        ax.set_title(f'{name} (Spearman {rank_correlation(groups):.2f})')
        ax.set_xlabel('speediness score (unnormalised)')
        ax.set_ylabel('density')
        ax.legend(fontsize='small')
    fig.tight_layout()
    fig.savefig(out, dpi=120)
    plt.close(fig)


def analyse(config: str, checkpoint: str, args) -> Dict[float, list]:
    """Speediness groups of one model over its config's validation set."""
    cfg = Config.fromfile(config)
    if 'val_dataloader' not in cfg:
        raise ConfigKeyError(
            f'{config}: no val_dataloader to run the model on')
    speediness = speediness_config(cfg, args.rates, args.head)
    model = load_model(cfg, checkpoint, speediness, args.device)
    dataloader = Runner.build_dataloader(cfg.val_dataloader)
    groups = collect_speediness(model, dataloader, speediness['rates'],
                                args.max_batches)
    if not groups:
        raise ConfigValueError(
            f'{config}: no validation clip has a speed class; rates '
            f'{speediness["rates"]} of head "{speediness["head"]}"')
    return groups


def summary(groups: Dict[float, list]) -> str:
    lines = [
        f'  {rate:g}x: n={len(v)} mean={np.mean(v):.3f} std={np.std(v):.3f}'
        for rate, v in groups.items()
    ]
    lines.append(f'  Spearman(speediness, rate) = '
                 f'{rank_correlation(groups):.3f}')
    return '\n'.join(lines)


@exit_on_user_error
def main(argv=None):
    args = parse_args(argv)
    register_all_modules()
    runs = [(args.config, args.checkpoint)]
    if args.compare:
        runs.append(tuple(args.compare))
    models = {}
    for config, checkpoint in runs:
        name = osp.splitext(osp.basename(config))[0]
        if name in models:
            name = f'{name} ({checkpoint})'
        models[name] = analyse(config, checkpoint, args)
        print(f'{name}:\n{summary(models[name])}')
    plot_speediness(models, args.out)
    print(f'saved {args.out}')


if __name__ == '__main__':
    main()
