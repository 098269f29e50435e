import logging

import numpy as np
import pytest

from mmssl.datasets import (RobustRawframeDataset, RobustVideoDataset,
                            robust_dataset)
from mmssl.datasets.transforms import VideoDecodeError
from mmssl.registry import DATASETS
from mmssl.testing import (read_frame_index, write_index_frames,
                           write_index_video)

SAMPLER = dict(
    type='MultiClipSampler',
    clip_len=4,
    transforms=[dict(type='Speed', rate=1),
                dict(type='Speed', rate=2)])
VIDEO_PIPELINE = [
    dict(type='DecordOpen'), SAMPLER,
    dict(type='DecordDecodeOnce')
]
FRAME_PIPELINE = [SAMPLER, dict(type='RawFrameDecodeOnce')]


@pytest.fixture(autouse=True)
def seeded():
    np.random.seed(0)


@pytest.fixture(scope='module')
def video_root(tmp_path_factory):
    """good.mp4 (30 frames), bad.mp4 (random bytes), no missing.mp4."""
    root = tmp_path_factory.mktemp('videos')
    write_index_video(str(root / 'good.mp4'), 30)
    (root / 'bad.mp4').write_bytes(np.random.default_rng(0).bytes(2048))
    return root


def write_list(path, lines):
    path.write_text(''.join(line + '\n' for line in lines))
    return str(path)


def video_dataset(root, lines, tmp_path, **kwargs):
    ann_file = write_list(tmp_path / 'videos.txt', lines)
    return DATASETS.build(
        dict(
            type='RobustVideoDataset',
            ann_file=ann_file,
            data_prefix=dict(video=str(root)),
            pipeline=VIDEO_PIPELINE,
            **kwargs))


def test_names_do_not_shadow_mmaction_datasets():
    assert DATASETS.get('VideoDataset').__module__.startswith('mmaction.')
    assert DATASETS.get('RawframeDataset').__module__.startswith('mmaction.')
    assert DATASETS.get('RobustVideoDataset') is RobustVideoDataset


def test_video_dataset_loads_multi_clip_samples(video_root, tmp_path):
    dataset = video_dataset(video_root, ['good.mp4 3'], tmp_path)
    results = dataset[0]
    assert results['label'] == 3
    assert results['temporal_labels'].tolist() == [0, 1]
    shown = [read_frame_index(img) for img in results['imgs']]
    assert shown == results['frame_inds'].tolist()
    assert dataset.skip_broken is False and dataset.num_broken == 0


@pytest.mark.parametrize('name, error', [('bad.mp4', VideoDecodeError),
                                         ('missing.mp4', FileNotFoundError)])
def test_broken_sample_raises_naming_the_file_by_default(
        video_root, tmp_path, name, error):
    dataset = video_dataset(video_root, ['good.mp4 0', f'{name} 1'], tmp_path)
    with pytest.raises(error, match=name):
        dataset[1]


def test_skip_broken_logs_counts_and_resamples(video_root, tmp_path,
                                               monkeypatch):
    logged = []
    monkeypatch.setattr(robust_dataset, 'print_log',
                        lambda msg, **kwargs: logged.append((msg, kwargs)))
    dataset = video_dataset(
        video_root, ['good.mp4 0', 'bad.mp4 1', 'missing.mp4 2'],
        tmp_path,
        skip_broken=True)
    results = [dataset[1], dataset[2]]
    assert [r['filename']
            for r in results] == [str(video_root / 'good.mp4')] * 2
    assert dataset.num_broken >= 2
    assert all(kwargs == dict(logger='current', level=logging.WARNING)
               for _, kwargs in logged)
    skipped = [msg for msg, _ in logged]
    assert len(skipped) == dataset.num_broken
    assert any('bad.mp4' in m and 'VideoDecodeError' in m for m in skipped)
    assert any('missing.mp4' in m and 'FileNotFoundError' in m
               for m in skipped)


def test_test_mode_never_skips(video_root, tmp_path):
    dataset = video_dataset(
        video_root, ['good.mp4 0', 'bad.mp4 1'],
        tmp_path,
        skip_broken=True,
        test_mode=True)
    with pytest.raises(VideoDecodeError, match='bad.mp4'):
        dataset[1]
    assert dataset.num_broken == 0


def test_missing_annotation_file_is_named(tmp_path):
    ann_file = str(tmp_path / 'no_such_list.txt')
    with pytest.raises(FileNotFoundError, match='no_such_list.txt'):
        RobustVideoDataset(ann_file=ann_file, pipeline=[])


def test_rawframe_dataset_uses_total_frames_of_the_annotation(tmp_path):
    write_index_frames(str(tmp_path / 'clip_a'), 20)
    write_index_frames(str(tmp_path / 'clip_b'), 10)
    ann_file = write_list(tmp_path / 'frames.txt',
                          ['clip_a 20 4', 'clip_b 40 5'])
    dataset = RobustRawframeDataset(
        ann_file=ann_file,
        data_prefix=dict(img=str(tmp_path)),
        pipeline=FRAME_PIPELINE,
        skip_broken=True)
    results = dataset[0]
    assert results['label'] == 4
    shown = [read_frame_index(img) for img in results['imgs']]
    assert shown == (results['frame_inds'] - 1).tolist()
    assert results['frame_inds'].max() <= 20
    # clip_b claims 40 frames but holds 10: reads past frame 10 are skipped.
    for _ in range(5):
        results = dataset[1]
        shown = [read_frame_index(img) for img in results['imgs']]
        assert shown == (results['frame_inds'] - 1).tolist()
    assert dataset.num_broken > 0
