"""Video features of a whole dataset, extracted once and cached on disk.

A feature file ``{feature_dir}/{split}_{modality}.pth`` holds, in dataset
order:

* ``features``: float32 (num_videos, D), one vector per video;
* ``labels``: int64 (num_videos,);
* ``filenames``: the videos' paths (``filename`` or ``frame_dir`` of the
  dataset's data list), or None when the dataset has no data list;
* ``fingerprint``: SHA-1 of the extracting model's structure, weights and
  buffers;
* ``data_fingerprint``: SHA-1 of the data the features came from: the
  dataset config (test pipeline included) and the pipeline's repr, the
  annotation file's content (labels included), and each video's path, size
  and modification time.

A cached file is reused only when both fingerprints match and its labels
equal the dataset's, so new weights, a relabelled or edited list, videos
replaced under the same names, or other clips or crops are all extracted
again. Files are written to a temporary name and renamed; one that cannot be
read (truncated, corrupt) is extracted again. Loading goes through mmssl's
weights-only path.
"""
import hashlib
import json
import os
import os.path as osp
from itertools import chain
from typing import List, Optional

import torch
import torch.nn as nn
from mmengine import fileio
from mmengine.dist import (barrier, collect_results, get_world_size,
                           is_main_process)
from mmengine.logging import print_log
from mmengine.model import is_model_wrapper
from mmengine.runner.amp import autocast
from mmengine.utils import ProgressBar
from torch.utils.data import DataLoader

from mmssl.errors import ConfigKeyError, ConfigValueError, UserError
from mmssl.utils import atomic_save, safe_load


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
    raise ConfigKeyError(
        'data sample has no video label: expected a "gt_label" or '
        f'"gt_labels" field, found {list(data_sample.keys())}')


def video_paths(dataset) -> Optional[List[str]]:
    """``filename`` (videos) or ``frame_dir`` (frames) of every item."""
    if not hasattr(dataset, 'get_data_info'):
        return None
    paths = []
    for index in range(len(dataset)):
        info = dataset.get_data_info(index)
        paths.append(info.get('filename', info.get('frame_dir')))
    return paths


def dataset_labels(dataset) -> Optional[List]:
    """The ``label`` of every item of the data list, or None when an item
    has none."""
    if not hasattr(dataset, 'get_data_info'):
        return None
    labels = [
        dataset.get_data_info(index).get('label')
        for index in range(len(dataset))
    ]
    return None if None in labels else labels


def data_fingerprint(dataset, data_config: Optional[dict] = None) -> str:
    """SHA-1 of everything a dataset's features depend on besides weights.

    Args:
        dataset: The dataset (its ``pipeline``, ``ann_file`` and items).
        data_config (dict, optional): The dataset's config, pipeline
            included, when it was built from one.

    Returns:
        str: Changes when the config or pipeline, the annotation file's
        content, or any video's path, size or modification time does.
    """
    digest = hashlib.sha1()
    if data_config is not None:
        digest.update(
            json.dumps(data_config, sort_keys=True, default=repr).encode())
    digest.update(repr(getattr(dataset, 'pipeline', None)).encode())
    ann_file = getattr(dataset, 'ann_file', None)
    if ann_file and fileio.exists(ann_file):
        digest.update(fileio.get(ann_file))
    for path in video_paths(dataset) or []:
        try:
            stat = os.stat(path)
            digest.update(
                f'{path}|{stat.st_size}|{stat.st_mtime_ns}\n'.encode())
        except (OSError, TypeError):
            digest.update(f'{path}|missing\n'.encode())
    return digest.hexdigest()


def _check_order(dataloader: DataLoader, name: str) -> None:
    if getattr(dataloader.sampler, 'shuffle', False):
        raise ConfigValueError(
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
                raise ConfigKeyError(
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
    """A feature file written by :func:`load_or_extract_features`.

    Raises:
        FileNotFoundError: if it does not exist.
        CheckpointError: if it cannot be read (truncated, corrupt, unsafe).
    """
    if not osp.isfile(filename):
        raise FileNotFoundError(f'feature file not found: {filename}')
    return safe_load(filename)


def _cached_if_current(filename: str, key: dict, labels) -> Optional[dict]:
    """The cached features in ``filename`` if they were extracted with
    exactly ``key`` and hold ``labels``; None (with the reason logged)
    otherwise."""
    if not osp.isfile(filename):
        return None
    try:
        cached = load_features(filename)
    except UserError as error:
        reason = f'it cannot be read ({error})'
    else:
        stale = [
            name for name, value in key.items() if cached.get(name) != value
        ]
        if labels is not None and not stale:
            cached_labels = cached['labels'].tolist()
            if cached_labels != labels:
                stale.append('labels')
        if not stale:
            return cached
        reason = f'its {", ".join(stale)} differ from this run\'s'
    print_log(
        f'{filename} is stale: {reason}; extracting again', logger='current')
    return None


def load_or_extract_features(model: nn.Module,
                             dataloader: DataLoader,
                             filename: str,
                             fp16: bool = False,
                             name: str = 'dataloader',
                             data_config: Optional[dict] = None) -> dict:
    """Reuse ``filename`` if it holds exactly these features, else extract
    and save them.

    The file is reused when the model's :func:`model_fingerprint`, the
    dataset's :func:`data_fingerprint` (``data_config`` included) and the
    video paths match, and its labels equal the dataset's; otherwise, or
    when it cannot be read, the features are extracted and written
    atomically. Every rank returns the dict.
    """
    dataset = dataloader.dataset
    key = dict(
        fingerprint=model_fingerprint(model),
        data_fingerprint=data_fingerprint(dataset, data_config),
        filenames=video_paths(dataset))
    labels = dataset_labels(dataset)
    cached = _cached_if_current(filename, key, labels)
    if cached is not None:
        print_log(
            f'Reusing {len(cached["labels"])} cached features from '
            f'{filename}',
            logger='current')
        return cached
    print_log(
        f'Extracting features of {len(dataset)} videos ({name}) into '
        f'{filename}',
        logger='current')
    extracted = extract_features(model, dataloader, fp16, name)
    if is_main_process():
        extracted.update(key)
        os.makedirs(osp.dirname(osp.abspath(filename)), exist_ok=True)
        atomic_save(extracted, filename)
    barrier()
    return extracted if is_main_process() else load_features(filename)
