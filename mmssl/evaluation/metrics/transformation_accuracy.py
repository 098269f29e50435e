"""Pretext accuracy of transformation recognition."""
from typing import Dict, List, Sequence

import torch
from mmengine.evaluator import BaseMetric

from mmssl.errors import ConfigKeyError, ConfigValueError
from mmssl.registry import METRICS


@METRICS.register_module()
class TransformationAccuracy(BaseMetric):
    """How often the true transformation of a clip is recognised.

    Reads, per head ``name``, the predicted scores ``<name>_scores`` (N, M)
    and the labels ``label_key`` (N,) of every data sample, and reports:

    - ``<name>/clip_acc``: fraction of clips whose true transformation ranks
      first among the M transformations (chance: 1 / M);
    - ``<name>/rank_acc``: fraction of (video, transformation) pairs for
      which, among the clips of the video, the clip that underwent the
      transformation scores highest on it (TransRank's relative criterion;
      chance: 1 / N). Only transformations carried by exactly one clip of
      the video count.

    Args:
        heads (dict[str, str]): Label key by head name, e.g.
            ``dict(temporal='temporal_labels')``.
        collect_device (str): Device to gather results on. Defaults to 'cpu'.
        prefix (str, optional): Metric name prefix. Defaults to 'pretext'.
    """
    default_prefix = 'pretext'

    def __init__(self,
                 heads: Dict[str, str],
                 collect_device: str = 'cpu',
                 prefix: str = None) -> None:
        super().__init__(collect_device=collect_device, prefix=prefix)
        if not heads:
            raise ConfigValueError(
                'TransformationAccuracy: heads is empty, expected'
                ' e.g. dict(temporal="temporal_labels")')
        self.heads = dict(heads)

    def process(self, data_batch, data_samples: Sequence[dict]) -> None:
        for sample in data_samples:
            result = {}
            for name, label_key in self.heads.items():
                for key in (f'{name}_scores', label_key):
                    if key not in sample:
                        raise ConfigKeyError(
                            f'TransformationAccuracy: predictions have no '
                            f'"{key}"; available: {sorted(sample)}')
                scores = sample[f'{name}_scores'].detach().float().cpu()
                labels = torch.as_tensor(sample[label_key]).long().cpu()
                result[name] = self._counts(scores, labels)
            self.results.append(result)

    @staticmethod
    def _counts(scores: torch.Tensor, labels: torch.Tensor) -> tuple:
        """Hits and totals of both criteria for one video.

        Args:
            scores (torch.Tensor): (N, M) scores of the N clips.
            labels (torch.Tensor): (N,) transformation of each clip.
        """
        clip_hits = int((scores.argmax(dim=1) == labels).sum())
        rank_hits = rank_total = 0
        for clip, label in enumerate(labels.tolist()):
            if int((labels == label).sum()) != 1:
                continue
            rank_total += 1
            rank_hits += int(scores[:, label].argmax()) == clip
        return clip_hits, len(labels), rank_hits, rank_total

    def compute_metrics(self, results: List[dict]) -> dict:
        metrics = {}
        for name in self.heads:
            clip_hits, clips, rank_hits, ranks = (
                sum(counts) for counts in zip(*(r[name] for r in results)))
            metrics[f'{name}/clip_acc'] = 100.0 * clip_hits / max(clips, 1)
            if ranks:
                metrics[f'{name}/rank_acc'] = 100.0 * rank_hits / ranks
        return metrics
