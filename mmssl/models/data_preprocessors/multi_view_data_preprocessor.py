"""Normalisation of multi-view batches with each view kind's statistics.

A frame-difference clip is not an RGB clip: its values are centred on zero
and spread far less. :class:`MultiViewDataPreprocessor` normalises each
clip of a (B, N, C, T, H, W) batch with the mean and std of its kind of
view, read from the packed ``view_labels`` (N,).

Default statistics, in pixel units (0-255):

* ``'rgb'`` and ``'static'`` (a static clip is an RGB frame repeated): the
  ImageNet mean and std of MMAction2's configs;
* ``'diff'``: mean 0 and :data:`DIFF_STD`, measured on the real videos of
  the project (``test.mp4``, ``test.avi``, ``demo.mp4``: 741 frames at 25-30
  fps): every frame decoded with decord, resized bilinearly to a short side
  of 128 (the pre-training pipelines' scale), and the differences of
  adjacent frames (frame interval 1) pooled over all 16.1 M pixel
  positions per channel; per video the std ranged from 11.2 to 23.4, and
  the mean was within 0.2 of 0. They fit float differences,
  ``FrameDiffView(out_dtype='float32')``; for its default uint8 encoding
  ``(d + 256) // 2`` use mean 128 and half of :data:`DIFF_STD`.

The authors' script of Static and Dynamic Concepts normalises frames
before differencing them, so its differences are scaled by the RGB std
(about 1/58); the seed does not state statistics.
"""
from typing import Dict, Optional, Sequence, Tuple, Union

import torch
from mmengine.model import BaseDataPreprocessor, stack_batch

from mmssl.errors import ConfigKeyError, ConfigValueError
from mmssl.registry import MODELS
from mmssl.view_labels import VIEW_LABELS, VIEW_NAMES, check_view_names

from ..utils import check_multi_clip

#: ImageNet mean and std of RGB frames (0-255), MMAction2's defaults.
RGB_MEAN = (123.675, 116.28, 103.53)
RGB_STD = (58.395, 57.12, 57.375)
#: Std of adjacent-frame differences (0-255 units) of the real test videos.
DIFF_STD = (21.0, 19.4, 18.1)

DEFAULT_MEAN = dict(rgb=RGB_MEAN, static=RGB_MEAN, diff=(0., 0., 0.))
DEFAULT_STD = dict(rgb=RGB_STD, static=RGB_STD, diff=DIFF_STD)

Stats = Dict[str, Sequence[float]]


def _stat_table(stats: Stats, name: str, owner: str) -> torch.Tensor:
    """(num_view_ids, C) float32, NaN for the views ``stats`` lacks."""
    if not isinstance(stats, dict):
        raise ConfigValueError(
            f'{owner}: {name}={stats!r}, expected a dict from view name '
            f'({tuple(VIEW_LABELS)}) to per-channel values')
    check_view_names(list(stats), owner, name)
    lengths = {len(values) for values in stats.values()}
    if len(lengths) != 1:
        raise ConfigValueError(
            f'{owner}: {name}={stats} has views with different numbers of '
            'channels')
    table = torch.full((len(VIEW_LABELS), lengths.pop()), float('nan'))
    for view, values in stats.items():
        table[VIEW_LABELS[view]] = torch.tensor(values, dtype=torch.float32)
    return table


@MODELS.register_module()
class MultiViewDataPreprocessor(BaseDataPreprocessor):
    """Stack, cast and normalise multi-view clips per view kind.

    Each clip ``(b, i)`` of the batch becomes ``(x - mean[v]) / std[v]``
    with ``v`` its view (``view_labels[i]`` of its data sample; a sample
    without view labels is all ``'rgb'``), on the model's device. Frames
    are not reordered: mmssl's decoders give RGB.

    Args:
        mean (dict, optional): Per-channel mean by view name (``'rgb'``,
            ``'static'``, ``'diff'``), e.g. ``dict(rgb=[123.675, 116.28,
            103.53], diff=[0., 0., 0.])``. A view the batch holds but the
            dict lacks stops the run. None for :data:`DEFAULT_MEAN`.
        std (dict, optional): Per-channel std, the same views as ``mean``.
            None for :data:`DEFAULT_STD`.
        view_key (str): Data-sample field with the view labels (N,).
            Defaults to ``'view_labels'``.
        format_shape (str): Only ``'NCTHW'``: inputs (B, N, C, T, H, W).
    """

    def __init__(self,
                 mean: Optional[Stats] = None,
                 std: Optional[Stats] = None,
                 view_key: str = 'view_labels',
                 format_shape: str = 'NCTHW') -> None:
        super().__init__()
        owner = type(self).__name__
        if format_shape != 'NCTHW':
            raise ConfigValueError(
                f"{owner}: format_shape={format_shape!r}, expected 'NCTHW' "
                '(inputs (B, N, C, T, H, W))')
        mean = DEFAULT_MEAN if mean is None else mean
        std = DEFAULT_STD if std is None else std
        mean_table = _stat_table(mean, 'mean', owner)
        std_table = _stat_table(std, 'std', owner)
        if set(mean) != set(std):
            view = sorted(set(mean) ^ set(std))[0]
            raise ConfigKeyError(
                f'{owner}: view {view!r} is in only one of mean '
                f'({sorted(mean)}) and std ({sorted(std)})')
        if mean_table.shape != std_table.shape:
            raise ConfigValueError(
                f'{owner}: mean has {mean_table.shape[1]} channels, std '
                f'{std_table.shape[1]}')
        if (std_table <= 0).any():
            raise ConfigValueError(f'{owner}: std={std} must be positive')
        self.views: Tuple[str, ...] = tuple(mean)
        self.view_key = view_key
        self.format_shape = format_shape
        self.register_buffer('mean', mean_table, persistent=False)
        self.register_buffer('std', std_table, persistent=False)

    def view_labels(self, data_samples: Optional[list],
                    num_clips: int) -> torch.Tensor:
        """The view id of every clip, LongTensor (B, N) (or (1, N) without
        data samples), checked against the configured views."""
        samples = data_samples or [None]
        labels = []
        for sample in samples:
            value = None if sample is None else sample.get(self.view_key)
            value = torch.zeros(num_clips, dtype=torch.long) \
                if value is None else torch.as_tensor(value).long()
            if value.shape != (num_clips, ):
                raise ConfigValueError(
                    f'{type(self).__name__}: {self.view_key!r} of a data '
                    f'sample has shape {tuple(value.shape)}, expected '
                    f'(num_clips,) = ({num_clips},)')
            labels.append(value.to(self.mean.device))
        labels = torch.stack(labels)
        for view_id in labels.unique().tolist():
            view = VIEW_NAMES.get(view_id)
            if view not in self.views:
                raise ConfigKeyError(
                    f'{type(self).__name__}: the batch has clips of view '
                    f'{view or view_id!r} ({self.view_key} {view_id}) but '
                    f'mean/std give only {list(self.views)}; add '
                    f'{view or view_id!r} to model.data_preprocessor.mean '
                    'and .std')
        return labels

    def forward(self, data: dict, training: bool = False) -> dict:
        """Normalise a collated batch.

        Args:
            data (dict): ``inputs``, a list of B tensors (N, C, T, H, W)
                (uint8 or float) or one (B, N, C, T, H, W) tensor, and
                ``data_samples``, B samples with ``view_key`` (N,) or
                without view labels.
            training (bool): Unused; the same normalisation in every mode.

        Returns:
            dict: ``inputs`` float32 (B, N, C, T, H, W) on the model's
            device and the data samples, unchanged.
        """
        data = self.cast_data(data)
        inputs: Union[list, torch.Tensor] = data['inputs']
        if isinstance(inputs, (list, tuple)):
            inputs = stack_batch(list(inputs))
        check_multi_clip(inputs, type(self).__name__)
        labels = self.view_labels(data.get('data_samples'), inputs.shape[1])
        shape = labels.shape + (-1, 1, 1, 1)
        mean = self.mean[labels].view(shape)
        std = self.std[labels].view(shape)
        data['inputs'] = (inputs.float() - mean) / std
        return data
