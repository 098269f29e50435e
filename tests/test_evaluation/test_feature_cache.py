"""The retrieval feature cache never returns stale features."""
import shutil

import pytest
from mmengine.runner import Runner

import mmssl.evaluation.feature_extraction as feature_extraction
from mmssl.evaluation.feature_extraction import load_or_extract_features
from mmssl.evaluation.functional import retrieval_recall
from tests.test_evaluation.test_feature_extraction import build


def _pipeline(num_clips=2, crop=32):
    return [
        dict(type='DecordInit'),
        dict(type='SampleFrames', clip_len=4, frame_interval=1,
             num_clips=num_clips, test_mode=True),
        dict(type='DecordDecode'),
        dict(type='CenterCrop', crop_size=crop),
        dict(type='FormatShape', input_format='NCTHW'),
        dict(type='PackActionInputs')
    ]


@pytest.fixture
def data(tmp_path, tiny_toy_dataset):
    """A private copy of the tiny toy videos and lists."""
    videos = tmp_path / 'videos'
    shutil.copytree(tiny_toy_dataset['videos'], videos)
    lists = {}
    for split in ('train', 'val'):
        lists[split] = tmp_path / f'{split}.txt'
        shutil.copy(tiny_toy_dataset[split], lists[split])
    return dict(videos=videos, **lists)


def _extract(model, data, split, filename, **pipeline_args):
    config = dict(type='RobustVideoDataset', ann_file=str(data[split]),
                  data_prefix=dict(video=str(data['videos'])),
                  pipeline=_pipeline(**pipeline_args), test_mode=True)
    loader = Runner.build_dataloader(dict(
        dataset=config, batch_size=2, num_workers=0,
        sampler=dict(type='DefaultSampler', shuffle=False)))
    return load_or_extract_features(model, loader, str(filename),
                                    data_config=config)


def _recalls(model, data, cache_dir, **pipeline_args):
    gallery = _extract(model, data, 'train', cache_dir / 'gallery.pth',
                       **pipeline_args)
    query = _extract(model, data, 'val', cache_dir / 'query.pth',
                     **pipeline_args)
    return retrieval_recall(query['features'], query['labels'],
                            gallery['features'], gallery['labels'],
                            topk=(1, 2, 4))


def _relabel(path):
    lines = path.read_text().splitlines()
    path.write_text(''.join(f'{line.rsplit(" ", 1)[0]} '
                            f'{(int(line.rsplit(" ", 1)[1]) + 1) % 5}\n'
                            for line in lines))


def _replace_video(data):
    names = sorted(line.split()[0] for line in
                   data['train'].read_text().splitlines())
    shutil.copy(data['videos'] / names[0], data['videos'] / names[1])


@pytest.mark.parametrize('change', ['relabel', 'replace_video', 'clips',
                                    'truncate'])
def test_stale_cache_is_recomputed(data, tmp_path, change, monkeypatch,
                                   tiny_r3d):
    model = build(tiny_r3d)
    calls = []
    original = feature_extraction.extract_features
    monkeypatch.setattr(
        feature_extraction, 'extract_features',
        lambda *args, **kwargs: calls.append(1) or original(*args, **kwargs))
    cache = tmp_path / 'cache'
    before = _recalls(model, data, cache)
    pipeline_args = {}
    if change == 'relabel':
        _relabel(data['train'])
    elif change == 'replace_video':
        _replace_video(data)
    elif change == 'clips':
        pipeline_args = dict(num_clips=1, crop=24)
    else:
        path = cache / 'gallery.pth'
        path.write_bytes(path.read_bytes()[:100])
    calls.clear()
    reused = _recalls(model, data, cache, **pipeline_args)
    # Only what changed is extracted again: the relabelled, edited or
    # truncated gallery, or both splits for a new pipeline.
    assert len(calls) == (2 if change == 'clips' else 1)
    fresh = _recalls(model, data, tmp_path / 'fresh', **pipeline_args)
    assert reused == fresh
    if change == 'relabel':
        assert reused != before


def test_unchanged_data_reuses_the_cache(data, tmp_path, monkeypatch,
                                         tiny_r3d):
    model = build(tiny_r3d)
    _recalls(model, data, tmp_path / 'cache')
    monkeypatch.setattr(feature_extraction, 'extract_features',
                        lambda *args, **kwargs: pytest.fail('recomputed'))
    _recalls(model, data, tmp_path / 'cache')
