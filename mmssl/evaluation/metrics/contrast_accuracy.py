"""Pretext accuracy of contrastive heads (RSP, A-VID, ...)."""
from typing import List, Sequence

import torch
from mmengine.evaluator import BaseMetric

from mmssl.errors import ConfigKeyError, ConfigValueError
from mmssl.registry import METRICS


@METRICS.register_module()
class ContrastAccuracy(BaseMetric):
    """How often each head's pretext task is solved on held-out videos.

    Reads, per head ``name``, the field ``<name>_hits`` (P,) bool of every
    data sample, written by ``RSPNet.predict`` (e.g. RSP: the same-speed
    key is the more similar one; A-VID: a key of the video beats every
    queue entry), and reports ``<name>/acc``, the percentage of hits.

    Args:
        heads (Sequence[str]): Head names, e.g. ``('rsp', 'avid')``.
        collect_device (str): Device to gather results on. Defaults to 'cpu'.
        prefix (str, optional): Metric name prefix. Defaults to 'pretext'.
    """
    default_prefix = 'pretext'

    def __init__(self,
                 heads: Sequence[str],
                 collect_device: str = 'cpu',
                 prefix: str = None) -> None:
        super().__init__(collect_device=collect_device, prefix=prefix)
        if not heads:
            raise ConfigValueError(
                'ContrastAccuracy: heads is empty, expected e.g. '
                "('rsp', 'avid')")
        self.heads = tuple(heads)

    def process(self, data_batch, data_samples: Sequence[dict]) -> None:
        for sample in data_samples:
            result = {}
            for name in self.heads:
                key = f'{name}_hits'
                if key not in sample:
                    raise ConfigKeyError(
                        f'ContrastAccuracy: predictions have no "{key}"; '
                        f'available: {sorted(sample)}')
                hits = torch.as_tensor(sample[key]).cpu()
                result[name] = (int(hits.sum()), hits.numel())
            self.results.append(result)

    def compute_metrics(self, results: List[dict]) -> dict:
        metrics = {}
        for name in self.heads:
            hits, total = (sum(counts)
                           for counts in zip(*(r[name] for r in results)))
            metrics[f'{name}/acc'] = 100.0 * hits / max(total, 1)
        return metrics
