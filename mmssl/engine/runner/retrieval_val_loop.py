"""Validation during pre-training by video retrieval with the backbone.

Methods without a pretext accuracy (Static and Dynamic Concepts) and those
with one (RSPNet, Pace Prediction) alike can watch what the backbone learns:
at every validation, held-out videos query training videos by the cosine
similarity of their pooled backbone features (kNN R@k).
"""
from typing import Dict, List, Optional, Sequence, Union

import torch.nn as nn
from mmengine.dist import is_main_process
from mmengine.model import is_model_wrapper
from mmengine.runner import ValLoop
from mmengine.runner.loops import _parse_losses
from torch.utils.data import DataLoader

from mmssl.errors import ConfigValueError
from mmssl.evaluation.feature_extraction import extract_features
from mmssl.models.algorithms.feature_extractor import VideoFeatureExtractor
from mmssl.registry import LOOPS

SPLITS = ('gallery', 'query')


def _training_modes(model: nn.Module) -> Dict[nn.Module, bool]:
    return {module: module.training for module in model.modules()}


def _restore_modes(modes: Dict[nn.Module, bool]) -> None:
    for module, training in modes.items():
        module.training = training


@LOOPS.register_module()
class RetrievalValLoop(ValLoop):
    """The usual validation, then retrieval with the model's backbone.

    First, when the evaluator has metrics (the method's pretext accuracy),
    the runner's ``val_dataloader`` runs through ``val_step`` as in
    MMEngine's ``ValLoop``; a method without one sets
    ``val_evaluator = []`` and its ``val_dataloader`` is not read. Then
    every video of ``query_dataloader`` (e.g. the validation split) and of
    ``gallery_dataloader`` (e.g. the training split), as N test clips
    (B, N, C, T, H, W), becomes one feature: the model's ``backbone`` (in
    eval mode, without gradients) through
    :class:`mmssl.models.algorithms.VideoFeatureExtractor` (``layer``,
    ``spatial_pool``, averaged over time and clips, L2-normalised), and
    ``RetrievalMetric`` gives ``retrieval/{modality}/R@k``. Both metric sets
    go to ``after_val_epoch``, so the logger reports them and
    ``CheckpointHook(save_best='retrieval/rgb/R@1')`` can select on them.
    The features are extracted anew at every validation and never cached
    (the weights change). Afterwards every module is back in the mode it
    was in (train mode during training).

    Selecting a checkpoint on it selects on the query split: for the toy
    dataset and UCF101 that is the split the downstream protocols report
    on, so do not report a retrieval number of a checkpoint chosen this way.

    Args:
        runner (Runner): The runner.
        dataloader (DataLoader | dict): The pretext validation videos.
        evaluator (Evaluator | dict | list): Pretext metrics; ``[]`` for
            none.
        query_dataloader (DataLoader | dict): Query videos, in order
            (no shuffling), with labels.
        gallery_dataloader (DataLoader | dict): Gallery videos, the same.
        modality (str): Name of the features in the metric keys, e.g.
            ``'rgb'`` or ``'rgbdiff'``. Defaults to ``'rgb'``.
        topk (Sequence[int]): The k of R@k. Defaults to ``(1, 5, 10)``.
        layer (str, optional): Backbone submodule whose output is pooled;
            None for the backbone's output. Defaults to None.
        spatial_pool (str): ``'avg'`` or ``'max'``. Defaults to ``'avg'``.
        data_preprocessor (dict, optional): Preprocessor of the retrieval
            clips; None uses the model's own (e.g. a
            ``MultiViewDataPreprocessor`` treats clips without view labels
            as RGB). Defaults to None.
        fp16 (bool): Run both parts under autocast. Defaults to False.
    """

    def __init__(self,
                 runner,
                 dataloader: Union[DataLoader, Dict],
                 evaluator: Union[Dict, List],
                 query_dataloader: Union[DataLoader, Dict],
                 gallery_dataloader: Union[DataLoader, Dict],
                 modality: str = 'rgb',
                 topk: Sequence[int] = (1, 5, 10),
                 layer: Optional[str] = None,
                 spatial_pool: str = 'avg',
                 data_preprocessor: Optional[dict] = None,
                 fp16: bool = False) -> None:
        super().__init__(runner, dataloader, evaluator, fp16)
        seed = runner.seed
        diff_rank_seed = runner._randomness_cfg.get('diff_rank_seed', False)
        self.retrieval_dataloaders = {
            split: runner.build_dataloader(
                loader, seed=seed, diff_rank_seed=diff_rank_seed)
            if isinstance(loader, dict) else loader
            for split, loader in zip(SPLITS,
                                     (gallery_dataloader, query_dataloader))
        }
        self.retrieval_evaluator = runner.build_evaluator(
            dict(type='RetrievalMetric', modalities=[modality], topk=topk))
        self.modality = modality
        self.layer = layer
        self.spatial_pool = spatial_pool
        self.data_preprocessor = data_preprocessor

    @property
    def has_pretext(self) -> bool:
        """Whether the evaluator has metrics, so the pretext part runs."""
        return bool(self.evaluator.metrics)

    def feature_extractor(self) -> VideoFeatureExtractor:
        """The model's backbone (shared, not copied) with pooling."""
        model = self.runner.model
        if is_model_wrapper(model):
            model = model.module
        backbone = getattr(model, 'backbone', None)
        if not isinstance(backbone, nn.Module):
            raise ConfigValueError(
                f'RetrievalValLoop: the model {type(model).__name__} has no '
                '"backbone" module to extract retrieval features with')
        extractor = VideoFeatureExtractor(
            backbone=backbone,
            layer=self.layer,
            spatial_pool=self.spatial_pool,
            data_preprocessor=self.data_preprocessor
            or model.data_preprocessor)
        device = next(backbone.parameters()).device
        return extractor.to(device)

    def run_pretext(self) -> dict:
        """MMEngine's validation over ``val_dataloader``: its metrics."""
        self.runner.model.eval()
        self.val_loss.clear()
        for idx, data_batch in enumerate(self.dataloader):
            self.run_iter(idx, data_batch)
        metrics = self.evaluator.evaluate(len(self.dataloader.dataset))
        if self.val_loss:
            metrics.update(_parse_losses(self.val_loss, 'val'))
        return metrics

    def run_retrieval(self) -> dict:
        """R@k of the query videos retrieving the gallery videos."""
        extractor = self.feature_extractor()
        samples = []
        for split, loader in self.retrieval_dataloaders.items():
            extracted = extract_features(
                extractor, loader, self.fp16, name=f'retrieval {split}')
            if is_main_process():
                samples += [
                    dict(split=split, gt_label=int(label),
                         features={self.modality: feature})
                    for feature, label in zip(extracted['features'],
                                              extracted['labels'])
                ]
        # The main process holds every video; the others add none.
        self.retrieval_evaluator.process(samples)
        num_videos = sum(
            len(loader.dataset)
            for loader in self.retrieval_dataloaders.values())
        return self.retrieval_evaluator.evaluate(num_videos)

    def run(self) -> dict:
        """Pretext metrics (if any), then retrieval; restores the modes."""
        self.runner.call_hook('before_val')
        self.runner.call_hook('before_val_epoch')
        modes = _training_modes(self.runner.model)
        try:
            metrics = self.run_pretext() if self.has_pretext else {}
            metrics.update(self.run_retrieval())
        finally:
            _restore_modes(modes)
        self.runner.call_hook('after_val_epoch', metrics=metrics)
        self.runner.call_hook('after_val')
        return metrics
