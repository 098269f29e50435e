"""Packing of a multi-clip results dict into model inputs and labels."""
from typing import Sequence

import numpy as np
import torch
from mmaction.structures import ActionDataSample
from mmcv.transforms import BaseTransform

from mmssl.errors import ConfigKeyError, ConfigValueError
from mmssl.registry import TRANSFORMS

from .spatial import clip_slices


@TRANSFORMS.register_module()
class PackMultiClipInputs(BaseTransform):
    """Pack ``N`` clips into ``inputs`` (N, C, T, H, W) and a data sample.

    ``inputs`` keeps the dtype of the frames (uint8, or float32 for float
    views); MMEngine's ``pseudo_collate`` and MMAction2's
    ``ActionDataPreprocessor(format_shape='NCTHW')`` then give the model
    ``(B, N, C, T, H, W)`` float32.

    The :class:`ActionDataSample` holds every key of ``label_keys`` as a
    field of the same name, a LongTensor (N,), every key of ``rate_keys``
    present in the results (the playback rate of each clip, written by
    ``MultiClipSampler``) as a FloatTensor (N,), and, when the results have a
    ``label``, the video label both as ``gt_label`` (LongTensor (1,) for a
    single label) and as MMAction2 1.1's ``gt_labels.item`` read by its
    heads and metrics. The ``meta_keys`` present in the results go to the
    metainfo.

    Args:
        label_keys (Sequence[str]): Per-clip label keys to pack, each (N,)
            int. Defaults to ``('temporal_labels', )``.
        rate_keys (Sequence[str]): Per-clip float keys packed when present,
            each (N,). Defaults to ``('playback_rates', )``.
        meta_keys (Sequence[str]): Results keys copied to the metainfo when
            present. Defaults to ``('filename', 'frame_inds', 'num_clips',
            'clip_len', 'img_shape')``.
    """

    def __init__(
        self,
        label_keys: Sequence[str] = ('temporal_labels', ),
        rate_keys: Sequence[str] = ('playback_rates', ),
        meta_keys: Sequence[str] = ('filename', 'frame_inds', 'num_clips',
                                    'clip_len', 'img_shape')
    ) -> None:
        self.label_keys = tuple(label_keys)
        self.rate_keys = tuple(rate_keys)
        self.meta_keys = tuple(meta_keys)

    @staticmethod
    def pack_clips(results: dict) -> torch.Tensor:
        """Stack ``imgs`` (N * T frames (H, W, C)) into (N, C, T, H, W)."""
        clip_slices(results)  # checks len(imgs) == num_clips * clip_len
        frames = np.stack(results['imgs'])
        num_clips, clip_len = results['num_clips'], results['clip_len']
        clips = frames.reshape(num_clips, clip_len, *frames.shape[1:])
        return torch.from_numpy(
            np.ascontiguousarray(clips.transpose(0, 4, 1, 2, 3)))

    def pack_labels(self, results: dict) -> dict:
        """Per-clip labels of ``label_keys`` as LongTensors (N,) and the
        ``rate_keys`` present as FloatTensors (N,)."""
        missing = [key for key in self.label_keys if key not in results]
        if missing:
            raise ConfigKeyError(
                f'PackMultiClipInputs: label key {missing[0]!r} is not in the '
                f'results; available keys: {sorted(results)}')
        keys = [(key, torch.long) for key in self.label_keys]
        keys += [(key, torch.float32) for key in self.rate_keys
                 if key in results]
        labels = {}
        for key, dtype in keys:
            value = torch.as_tensor(np.asarray(results[key]), dtype=dtype)
            if value.shape != (results['num_clips'], ):
                raise ConfigValueError(
                    f'PackMultiClipInputs: results[{key!r}] has shape '
                    f'{tuple(value.shape)}, expected (num_clips,) = '
                    f'({results["num_clips"]},); a view appending clips '
                    f'must list {key!r} in its inherit_label_keys')
            labels[key] = value
        return labels

    def transform(self, results: dict) -> dict:
        """Pack the clips and labels.

        Args:
            results (dict): Multi-clip results with ``imgs``, ``num_clips``,
                ``clip_len``, the ``label_keys`` and optionally ``label``.

        Returns:
            dict: ``inputs`` (N, C, T, H, W) tensor and ``data_samples``.
        """
        inputs = self.pack_clips(results)
        data_sample = ActionDataSample()
        for key, value in self.pack_labels(results).items():
            data_sample.set_field(value, key)
        if 'label' in results:
            label = torch.as_tensor(results['label'], dtype=torch.long)
            data_sample.set_field(label.reshape(-1), 'gt_label')
            data_sample.set_gt_labels(label.reshape(-1))
        data_sample.set_metainfo(
            {k: results[k]
             for k in self.meta_keys if k in results})
        return dict(inputs=inputs, data_samples=data_sample)

    def __repr__(self) -> str:
        return (f'{type(self).__name__}(label_keys={self.label_keys}, '
                f'rate_keys={self.rate_keys}, meta_keys={self.meta_keys})')
