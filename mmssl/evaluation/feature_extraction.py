"""Video features of a whole dataset, extracted once and cached on disk.

A feature file ``{feature_dir}/{split}_{modality}.pth`` holds, in dataset
order:

* ``features``: float32 (num_videos, D), one vector per video;
* ``labels``: int64 (num_videos,);
* ``filenames``: the videos' paths (``filename`` or ``frame_dir`` of the
  dataset's data list), or None when the dataset has no data list;
* ``fingerprint``: SHA-1 of the extracting model's structure, weights and
  buffers, so that a file written by another model is never reused.

It loads with ``torch.load(..., weights_only=True)``.
"""
import hashlib
import os
import os.path as osp
from itertools import chain
from typing import List, Optional

import torch
import torch.nn as nn
from mmengine.dist import (barrier, collect_results, get_world_size,
                           is_main_process)
from mmengine.logging import print_log
from mmengine.model import is_model_wrapper
from mmengine.runner.amp import autocast
from mmengine.utils import ProgressBar
from torch.utils.data import DataLoader


def feature_file(feature_dir: str, split: str, modality: str) -> str:
    """Path of the features of ``split`` ('query' or 'gallery')."""
    return osp.join(feature_dir, f'{split}_{modality}.pth')


def model_fingerprint(model: nn.Module) -> str:
    """SHA-1 of a model's repr, parameters and buffers.

    Non-persistent buffers count too, e.g. the data preprocessor's mean and
    std. A model wrapper (DDP) has the fingerprint of its module.
    """
    if is_model_wrapper(model):
        model = model.module
    digest = hashlib.sha1(repr(model).encode())
    for key, tensor in chain(model.named_parameters(),
                             model.named_buffers()):
        digest.update(key.encode())
        digest.update(
            tensor.detach().cpu().contiguous().reshape(-1).view(
                torch.uint8).numpy())
    return digest.hexdigest()


def video_label(data_sample) -> int:
    """The video label of an ``ActionDataSample``.

    Reads ``gt_label`` (mmssl's packer) or MMAction2 1.1's
    ``gt_labels.item``.
    """
    if 'gt_label' in data_sample:
        return int(data_sample.gt_label.reshape(-1)[0])
    if 'gt_labels' in data_sample:
        return int(data_sample.gt_labels.item.reshape(-1)[0])
    raise KeyError('data sample has no video label: expected a "gt_label" '
                   f'or "gt_labels" field, found {list(data_sample.keys())}')


def video_paths(dataset) -> Optional[List[str]]:
    """``filename`` (videos) or ``frame_dir`` (frames) of every item."""
    if not hasattr(dataset, 'get_data_info'):
        return None
    paths = []
    for index in range(len(dataset)):
        info = dataset.get_data_info(index)
        paths.append(info.get('filename', info.get('frame_dir')))
    return paths


def _check_order(dataloader: DataLoader, name: str) -> None:
    if getattr(dataloader.sampler, 'shuffle', False):
        raise ValueError(
            f'{name}: the sampler shuffles, but features are stored in '
            'dataset order; set sampler=dict(type="DefaultSampler", '
            'shuffle=False)')


@torch.no_grad()
def extract_features(model: nn.Module,
                     dataloader: DataLoader,
                     fp16: bool = False,
                     name: str = 'dataloader') -> Optional[dict]:
    """Run ``model.test_step`` over a dataloader and gather the features.

    Args:
        model (nn.Module): Model whose ``test_step`` returns data samples
            with a ``video_feature`` field (C',), e.g.
            ``VideoFeatureExtractor``.
        dataloader (DataLoader): Non-shuffling dataloader; in distributed
            runs every rank reads its part.
        fp16 (bool): Run under autocast. Defaults to False.
        name (str): Name of the dataloader in messages.

    Returns:
        dict | None: On the main process ``features`` (N, C') float32 and
        ``labels`` (N,) int64 in dataset order; None on other ranks.
    """
    _check_order(dataloader, name)
    model.eval()
    num_videos = len(dataloader.dataset)
    progress = ProgressBar(num_videos) if is_main_process() else None
    results = []
    for data_batch in dataloader:
        with autocast(enabled=fp16):
            data_samples = model.test_step(data_batch)
        for data_sample in data_samples:
            if 'video_feature' not in data_sample:
                raise KeyError(
                    f'{type(model).__name__}.test_step returned data samples '
                    'without a "video_feature" field; use a model such as '
                    'VideoFeatureExtractor')
            results.append((data_sample.video_feature.float().cpu(),
                            video_label(data_sample)))
        if progress is not None:
            progress.update(len(data_samples) * get_world_size())
    if progress is not None:
        progress.file.write('\n')
    results = collect_results(results, num_videos, device='cpu')
    if not is_main_process():
        return None
    features, labels = zip(*results)
    return dict(
        features=torch.stack(features), labels=torch.tensor(labels))


def load_features(filename: str) -> dict:
    """A feature file written by :func:`load_or_extract_features`."""
    if not osp.isfile(filename):
        raise FileNotFoundError(f'feature file not found: {filename}')
    return torch.load(filename, map_location='cpu', weights_only=True)


def load_or_extract_features(model: nn.Module,
                             dataloader: DataLoader,
                             filename: str,
                             fp16: bool = False,
                             name: str = 'dataloader') -> dict:
    """Reuse ``filename`` if this model wrote it, else extract and save.

    A cached file is reused when its fingerprint equals
    :func:`model_fingerprint` of ``model`` and it lists the dataset's videos
    (one feature per item, the same paths). The data pipeline is not part
    of the check: after changing it (clips, crop, views), delete the file or
    use another ``feature_dir``. Every rank returns the dict.
    """
    fingerprint = model_fingerprint(model)
    num_videos = len(dataloader.dataset)
    paths = video_paths(dataloader.dataset)
    if osp.isfile(filename):
        cached = load_features(filename)
        current = (cached.get('fingerprint') == fingerprint
                   and cached.get('filenames') == paths
                   and len(cached['labels']) == num_videos)
        if current:
            print_log(f'Reusing {num_videos} cached features from {filename}',
                      logger='current')
            return cached
        print_log(
            f'{filename} was written by other weights or for another '
            'dataset; extracting again',
            logger='current')
    print_log(
        f'Extracting features of {num_videos} videos ({name}) into '
        f'{filename}',
        logger='current')
    extracted = extract_features(model, dataloader, fp16, name)
    if is_main_process():
        extracted.update(filenames=paths, fingerprint=fingerprint)
        os.makedirs(osp.dirname(osp.abspath(filename)), exist_ok=True)
        torch.save(extracted, filename)
    barrier()
    return extracted if is_main_process() else load_features(filename)
