"""Recall at k of video retrieval, for one modality or a fusion of several."""
from typing import List, Optional, Sequence

import torch
from mmengine.evaluator import BaseMetric

from mmssl.errors import ConfigKeyError, ConfigValueError
from mmssl.registry import METRICS

from ..functional.retrieval import DEFAULT_TOPK, retrieval_recall

SPLITS = ('query', 'gallery')


@METRICS.register_module()
class RetrievalMetric(BaseMetric):
    """R@k of query videos retrieving gallery videos of their label.

    Each processed data sample is one video, a dict with

    * ``split``: ``'query'`` (e.g. a test video) or ``'gallery'`` (e.g. a
      training video);
    * ``gt_label``: its label, an int or a one-element tensor;
    * ``features``: a dict from modality name to its feature (D_m,).

    :class:`mmssl.engine.RetrievalTestLoop` feeds such samples from its
    feature files. With several ``modalities``, the similarity is the mean
    of their cosine similarities (see
    :func:`mmssl.evaluation.functional.retrieval_recall`).

    Results are named ``{prefix}/{name}/R@{k}`` (percent), where the name
    joins the modalities by '+' and ends in ``-centered`` with ``center``,
    e.g. ``retrieval/rgb+rgbdiff/R@1``, ``retrieval/rgb-centered/R@1``.

    Args:
        modalities (Sequence[str]): Feature names to evaluate, fused when
            more than one. Defaults to ``('rgb', )``.
        topk (Sequence[int]): The k to report. Defaults to
            (1, 5, 10, 20, 50).
        chunk_size (int, optional): Queries scored at a time; None sizes
            the chunks by memory. Defaults to None.
        center (bool): Subtract the query set's mean feature from the
            queries and the gallery's from the gallery before the cosine
            similarity, per modality: the protocol of CoCLR's released
            code, whose recalls differ from the plain cosine ones (the
            default). Defaults to False.
        collect_device (str): ``'cpu'`` or ``'gpu'``. Defaults to ``'cpu'``.
        prefix (str, optional): Defaults to ``'retrieval'``.
    """
    default_prefix = 'retrieval'

    def __init__(self,
                 modalities: Sequence[str] = ('rgb', ),
                 topk: Sequence[int] = DEFAULT_TOPK,
                 chunk_size: Optional[int] = None,
                 center: bool = False,
                 collect_device: str = 'cpu',
                 prefix: Optional[str] = None) -> None:
        super().__init__(collect_device=collect_device, prefix=prefix)
        if isinstance(modalities, str) or not modalities:
            raise ConfigValueError(
                'RetrievalMetric: modalities must be a non-empty '
                f'sequence of names, got {modalities!r}')
        self.modalities = tuple(modalities)
        self.topk = tuple(topk)
        self.chunk_size = chunk_size
        if not isinstance(center, bool):
            raise ConfigValueError(
                f'RetrievalMetric: center must be True or False, got '
                f'{center!r}')
        self.center = center

    @property
    def name(self) -> str:
        """The modalities joined by '+', e.g. ``'rgb+rgbdiff'``, then
        ``'-centered'`` if the features are centred."""
        return '+'.join(self.modalities) + ('-centered' if self.center else '')

    def process(self, data_batch, data_samples: Sequence[dict]) -> None:
        """Keep the split, label and this metric's features of each video."""
        for sample in data_samples:
            if sample.get('split') not in SPLITS:
                raise ConfigValueError(
                    f'RetrievalMetric: data sample split '
                    f'{sample.get("split")!r} is not one of {SPLITS}')
            features = sample['features']
            missing = [m for m in self.modalities if m not in features]
            if missing:
                raise ConfigKeyError(
                    f'RetrievalMetric({self.name}): data sample lacks '
                    f'features {missing}; it has {sorted(features)}')
            self.results.append(
                (sample['split'],
                 int(torch.as_tensor(sample['gt_label']).reshape(-1)[0]),
                 [torch.as_tensor(features[m]) for m in self.modalities]))

    def compute_metrics(self, results: List[tuple]) -> dict:
        """Recall of the query videos against the gallery videos."""
        grouped = {}
        for split in SPLITS:
            items = [item for item in results if item[0] == split]
            if not items:
                raise ConfigValueError(
                    f'RetrievalMetric({self.name}): no {split} '
                    'videos were processed')
            grouped[split] = dict(
                labels=torch.tensor([item[1] for item in items]),
                features=[
                    torch.stack([item[2][index] for item in items])
                    for index in range(len(self.modalities))
                ])
        recall = retrieval_recall(
            grouped['query']['features'], grouped['query']['labels'],
            grouped['gallery']['features'], grouped['gallery']['labels'],
            self.topk, self.chunk_size, center=self.center)
        return {f'{self.name}/{key}': value for key, value in recall.items()}
