"""Test loop of video retrieval: gallery and query features, then R@k."""
import os.path as osp
from typing import Dict, List, Optional, Union

from mmengine.dist import get_rank, get_world_size
from mmengine.runner import BaseLoop
from torch.utils.data import DataLoader

from mmssl.errors import ConfigValueError
from mmssl.evaluation.feature_extraction import (feature_file, load_features,
                                                 load_or_extract_features)
from mmssl.registry import LOOPS

SPLITS = ('gallery', 'query')


def _dataset_config(dataloader) -> Optional[dict]:
    """The dataset config of a dataloader config (None once built)."""
    if isinstance(dataloader, dict) and isinstance(
            dataloader.get('dataset'), dict):
        return dict(dataloader['dataset'])
    return None


@LOOPS.register_module()
class RetrievalTestLoop(BaseLoop):
    """Extract (or reuse) query and gallery features, then evaluate.

    The runner's model (e.g. ``VideoFeatureExtractor``) turns every video of
    the query dataloader (the runner's ``test_dataloader``, e.g. the test
    split) and of ``gallery_dataloader`` (e.g. the training split) into one
    feature, saved as ``{feature_dir}/{split}_{modality}.pth`` (see
    :mod:`mmssl.evaluation.feature_extraction`); a file already written by
    the same weights is reused. The metrics (``RetrievalMetric``) then see
    every modality they name, read from ``feature_dir``. Fusing RGB with
    RGBDiff thus takes two runs sharing ``feature_dir``: the RGB config, then
    the RGBDiff config with a fused metric.

    Hooks: ``before_test``, ``before_test_epoch``, ``after_test_epoch`` and
    ``after_test`` are called; the per-iteration hooks are not, since the
    iterations run over two dataloaders (a progress bar shows them).

    Args:
        runner (Runner): The runner.
        dataloader (DataLoader | dict): Query videos.
        evaluator (Evaluator | dict | list): Metrics with a ``modalities``
            attribute, e.g. ``RetrievalMetric``.
        gallery_dataloader (DataLoader | dict): Gallery videos.
        modality (str): Name of the features this run's model extracts.
            Defaults to ``'rgb'``.
        feature_dir (str, optional): Where the feature files live. Defaults
            to ``{work_dir}/features``.
        fp16 (bool): Extract under autocast. Defaults to False.
    """

    def __init__(self,
                 runner,
                 dataloader: Union[DataLoader, Dict],
                 evaluator: Union[Dict, List],
                 gallery_dataloader: Union[DataLoader, Dict],
                 modality: str = 'rgb',
                 feature_dir: Optional[str] = None,
                 fp16: bool = False) -> None:
        self.data_configs = dict(
            query=_dataset_config(dataloader),
            gallery=_dataset_config(gallery_dataloader))
        super().__init__(runner, dataloader)
        if isinstance(gallery_dataloader, dict):
            diff_rank_seed = runner._randomness_cfg.get(
                'diff_rank_seed', False)
            gallery_dataloader = runner.build_dataloader(
                gallery_dataloader,
                seed=runner.seed,
                diff_rank_seed=diff_rank_seed)
        self.gallery_dataloader = gallery_dataloader
        self.evaluator = runner.build_evaluator(evaluator) if isinstance(
            evaluator, (dict, list)) else evaluator
        self.modality = modality
        self.feature_dir = feature_dir or osp.join(runner.work_dir,
                                                   'features')
        self.fp16 = fp16

    def metric_modalities(self) -> List[str]:
        """Every modality the metrics use, this run's first."""
        modalities = [self.modality]
        for metric in self.evaluator.metrics:
            if not hasattr(metric, 'modalities'):
                raise ConfigValueError(
                    f'RetrievalTestLoop: metric {type(metric).__name__} has '
                    'no "modalities"; use RetrievalMetric')
            modalities += [m for m in metric.modalities if m not in modalities]
        return modalities

    def _load_modality(self, split: str, modality: str) -> dict:
        filename = feature_file(self.feature_dir, split, modality)
        if not osp.isfile(filename):
            raise FileNotFoundError(
                f'{filename} not found: the metrics need "{modality}" '
                f'features; first run the config whose RetrievalTestLoop has '
                f'modality="{modality}" with feature_dir="{self.feature_dir}"')
        return load_features(filename)

    def split_samples(self, split: str, own: dict) -> List[dict]:
        """One metric input per video: split, label, features by modality.

        Args:
            split (str): ``'query'`` or ``'gallery'``.
            own (dict): The features this run extracted for ``split``.
        """
        loaded = {self.modality: own}
        for modality in self.metric_modalities()[1:]:
            other = loaded[modality] = self._load_modality(split, modality)
            if not own['labels'].equal(other['labels']) or own.get(
                    'filenames') != other.get('filenames'):
                raise ConfigValueError(
                    f'{split} features of "{modality}" and "{self.modality}"'
                    f' in {self.feature_dir} have different videos or labels;'
                    ' extract both from the same annotation file')
        return [
            dict(
                split=split,
                gt_label=int(label),
                features={
                    modality: feats['features'][index]
                    for modality, feats in loaded.items()
                }) for index, label in enumerate(own['labels'])
        ]

    def run(self) -> dict:
        """Extract or reuse the features, then compute the metrics."""
        self.runner.call_hook('before_test')
        self.runner.call_hook('before_test_epoch')
        samples = []
        for split, loader in zip(SPLITS,
                                 (self.gallery_dataloader, self.dataloader)):
            own = load_or_extract_features(
                self.runner.model,
                loader,
                feature_file(self.feature_dir, split, self.modality),
                fp16=self.fp16,
                name=f'{split} dataloader',
                data_config=self.data_configs[split])
            samples += self.split_samples(split, own)
        # Each rank feeds an interleaved share; collecting restores the order.
        self.evaluator.process(samples[get_rank()::get_world_size()])
        metrics = self.evaluator.evaluate(len(samples))
        self.runner.call_hook('after_test_epoch', metrics=metrics)
        self.runner.call_hook('after_test')
        return metrics
