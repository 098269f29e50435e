import os.path as osp
import uuid

import pytest
import torch
import torch.nn as nn
from mmaction.structures import ActionDataSample
from mmengine.runner import Runner
from torch.utils.data import Dataset

import mmssl.evaluation.feature_extraction as feature_extraction
from mmssl.evaluation.functional import retrieval_recall
from mmssl.registry import MODELS

# The hand-made case of test_retrieval.py: with rgb, query 0 finds its label
# at rank 2 and query 1 at rank 4 (after a tie broken by the lower index).
GALLERY = ([[1., 0.], [0., 1.], [1., 1.], [-1., 0.]], [0, 1, 1, 2])
QUERIES = ([[1., 0.1], [0., 1.]], [1, 2])
TOPK = (1, 2, 3)
RGB_RECALL = {'R@1': 0.0, 'R@2': 50.0, 'R@3': 50.0}


class ScaledEcho(nn.Module):
    """Returns the clips times a learnable scale (weights to fingerprint)."""

    def __init__(self):
        super().__init__()
        self.scale = nn.Parameter(torch.ones(1))

    def forward(self, clips):
        return clips * self.scale


@pytest.fixture(autouse=True)
def scaled_echo():
    """``ScaledEcho`` registered in MODELS for each test only."""
    MODELS.register_module(module=ScaledEcho)
    try:
        yield
    finally:
        MODELS._module_dict.pop('ScaledEcho')


class VectorVideos(Dataset):
    """Videos of 3 clips (C, 2, 2, 2) whose every pixel is a given vector."""

    def __init__(self, vectors, labels):
        self.vectors, self.labels = vectors, labels

    def __len__(self):
        return len(self.labels)

    def get_data_info(self, index):
        return dict(filename=f'video_{index}.mp4')

    def __getitem__(self, index):
        vector = torch.tensor(self.vectors[index])
        clips = vector.view(1, -1, 1, 1, 1).expand(3, -1, 2, 2, 2)
        return dict(
            inputs=clips.clone(),
            data_samples=ActionDataSample().set_gt_labels(self.labels[index]))


def dataloader(videos, shuffle=False):
    return dict(
        dataset=VectorVideos(*videos),
        sampler=dict(type='DefaultSampler', shuffle=shuffle),
        batch_size=3,
        num_workers=0)


def build_runner(work_dir, modality='rgb', gallery=GALLERY, queries=QUERIES,
                 metrics=(('rgb', ), ), shuffle=False):
    return Runner(
        model=dict(
            type='VideoFeatureExtractor',
            backbone=dict(type='ScaledEcho'),
            spatial_pool='max'),
        work_dir=str(work_dir),
        experiment_name=f'retrieval_{uuid.uuid4().hex}',
        test_dataloader=dataloader(queries, shuffle),
        test_cfg=dict(
            type='RetrievalTestLoop',
            gallery_dataloader=dataloader(gallery),
            modality=modality,
            feature_dir=str(work_dir / 'features')),
        test_evaluator=[
            dict(type='RetrievalMetric', modalities=m, topk=TOPK)
            for m in metrics
        ],
        default_scope='mmssl')


def test_runner_test_writes_features_and_recall(tmp_path):
    metrics = build_runner(tmp_path).test()
    assert metrics == {f'retrieval/rgb/{k}': v for k, v in RGB_RECALL.items()}
    saved = torch.load(
        str(tmp_path / 'features' / 'gallery_rgb.pth'), weights_only=True)
    assert saved['labels'].tolist() == GALLERY[1]
    assert saved['filenames'] == [f'video_{i}.mp4' for i in range(4)]
    expected = torch.tensor(GALLERY[0])
    torch.testing.assert_close(saved['features'],
                               expected / expected.norm(dim=1, keepdim=True))
    assert osp.isfile(tmp_path / 'features' / 'query_rgb.pth')


def test_cached_features_are_reused_only_for_the_same_weights(
        tmp_path, monkeypatch):
    build_runner(tmp_path).test()
    calls = []
    original = feature_extraction.extract_features

    def counting(*args, **kwargs):
        calls.append(args[1])
        return original(*args, **kwargs)

    monkeypatch.setattr(feature_extraction, 'extract_features', counting)
    assert build_runner(tmp_path).test()['retrieval/rgb/R@3'] == 50.0
    assert calls == []
    runner = build_runner(tmp_path)
    with torch.no_grad():
        runner.model.backbone.scale.fill_(2.0)
    assert runner.test()['retrieval/rgb/R@2'] == 50.0
    assert len(calls) == 2


def test_fused_modality_from_two_runs(tmp_path):
    # rgbdiff features: one-hot labels.
    diff_gallery = ([[float(label == c) for c in range(3)]
                     for label in GALLERY[1]], GALLERY[1])
    diff_queries = ([[float(label == c) for c in range(3)]
                     for label in QUERIES[1]], QUERIES[1])
    fused = ('rgb', 'rgbdiff')
    with pytest.raises(FileNotFoundError, match='modality="rgb"'):
        build_runner(tmp_path, 'rgbdiff', diff_gallery, diff_queries,
                     metrics=[fused]).test()
    build_runner(tmp_path).test()
    metrics = build_runner(
        tmp_path,
        'rgbdiff',
        diff_gallery,
        diff_queries,
        metrics=[('rgbdiff', ), fused]).test()
    expected = retrieval_recall(
        [torch.tensor(QUERIES[0]),
         torch.tensor(diff_queries[0])], QUERIES[1],
        [torch.tensor(GALLERY[0]),
         torch.tensor(diff_gallery[0])], GALLERY[1], TOPK)
    # test_retrieval_metric.py derives these by hand.
    assert expected == {'R@1': 50.0, 'R@2': 100.0, 'R@3': 100.0}
    assert metrics == {
        **{f'retrieval/rgbdiff/{k}': 100.0 for k in RGB_RECALL},
        **{f'retrieval/rgb+rgbdiff/{k}': v for k, v in expected.items()}
    }


def test_shuffling_dataloader_is_rejected(tmp_path):
    with pytest.raises(ValueError, match='sampler shuffles'):
        build_runner(tmp_path, shuffle=True).test()
