import os.path as osp

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from mmaction.structures import ActionDataSample
from mmengine.config import Config
from mmengine.dataset import Compose, pseudo_collate

from mmssl.registry import MODELS
from tests.conftest import REPO_ROOT


@pytest.fixture
def model(tiny_r3d):
    torch.manual_seed(0)
    model = MODELS.build(
        dict(
            type='ClipPairRecognizer',
            freeze_backbone=True,
            backbone=tiny_r3d,
            cls_head=dict(
                type='MLPClsHead',
                num_classes=7,
                in_channels=32,
                hidden_channels=16,
                topk=(1, ),
                average_clips='prob'),
            data_preprocessor=dict(
                type='ActionDataPreprocessor', format_shape='NCTHW')))
    model.init_weights()
    return model.eval()


def psi(model, clips):
    """Pooled res4 feature of every clip (B, C, T, H, W) -> (B, 32)."""
    return model.backbone(clips).mean(dim=(2, 3, 4))


def test_features_are_psi_a_minus_psi_b(model):
    torch.manual_seed(1)
    pairs = torch.randn(3, 2, 3, 4, 16, 16)
    with torch.no_grad():
        fused, _ = model.extract_feat(pairs, test_mode=True)
        expected = psi(model, pairs[:, 0]) - psi(model, pairs[:, 1])
        swapped, _ = model.extract_feat(pairs.flip(1))
        scores, _ = model.extract_feat(pairs, stage='head')
        maps, _ = model.extract_feat(pairs, stage='backbone')
    assert fused.shape == (3, 32)
    assert fused.abs().max() > 0
    assert torch.allclose(fused, expected, atol=1e-5)
    assert torch.allclose(swapped, -fused, atol=1e-5)
    assert torch.allclose(scores, model.cls_head(fused), atol=1e-5)
    assert maps.shape == (6, 32, 1, 1, 1)


def test_identical_clips_give_zero_features(model):
    clip = torch.randn(2, 1, 3, 4, 16, 16)
    with torch.no_grad():
        fused, _ = model.extract_feat(clip.repeat(1, 2, 1, 1, 1, 1))
    assert torch.equal(fused, torch.zeros(2, 32))


def data_batch():
    torch.manual_seed(2)
    inputs, data_samples = [], []
    for label in (0, 6):
        inputs.append(
            torch.randint(0, 256, (2, 3, 4, 16, 16), dtype=torch.uint8))
        sample = ActionDataSample()
        sample.set_gt_labels(torch.tensor([label]))
        data_samples.append(sample)
    return dict(inputs=inputs, data_samples=data_samples)


def test_loss_and_predict_from_a_data_batch(model):
    data = model.data_preprocessor(data_batch(), training=True)
    assert data['inputs'].shape == (2, 2, 3, 4, 16, 16)
    losses = model(**data, mode='loss')
    assert set(losses) == {'loss_cls', 'top1_acc'}
    # The model is in eval mode: no dropout in the head.
    inputs = data['inputs']
    with torch.no_grad():
        scores = model.cls_head(
            psi(model, inputs[:, 0]) - psi(model, inputs[:, 1]))
    labels = torch.tensor([0, 6])
    assert losses['loss_cls'].item() == pytest.approx(
        F.cross_entropy(scores, labels).item(), rel=1e-5)
    assert losses['top1_acc'].item() == pytest.approx(
        (scores.argmax(dim=1) == labels).float().mean().item())
    predictions = model.test_step(data_batch())
    assert len(predictions) == 2
    for prediction in predictions:
        assert prediction.pred_scores.item.shape == (7, )
        assert prediction.pred_scores.item.sum().item() == pytest.approx(1)


def test_rejects_inputs_that_are_not_pairs(model):
    with pytest.raises(ValueError, match=r'\(B, 2, C, T, H, W\).*\(2, 3,'):
        model.extract_feat(torch.zeros(2, 3, 3, 4, 16, 16))
    with pytest.raises(ValueError, match="stage='pooled'"):
        model.extract_feat(torch.zeros(1, 2, 3, 4, 16, 16), stage='pooled')


@pytest.mark.parametrize('config', ['r3d18_toy.py', 'r3d18_ucf101.py'])
def test_sync_patterns_differ_only_in_time(config, shared_videos, tiny_r3d):
    """The Sync config's test pipeline on real videos, through a random-init
    frozen backbone: the norm of ``psi(a) - psi(b)`` of every pattern lies
    within the range of the other patterns' norms, so no class is told
    apart by a feature difference of zero (as identical clips would give).
    """
    cfg = Config.fromfile(
        osp.join(REPO_ROOT, 'configs', 'benchmarks', 'sync', config))
    pipeline = Compose(cfg.test_dataloader.dataset.pipeline)
    torch.manual_seed(0)
    model = MODELS.build(
        dict(
            cfg.model,
            backbone=tiny_r3d,
            cls_head=dict(cfg.model.cls_head, in_channels=32)))
    model.init_weights()
    model.eval()
    num_patterns = cfg.model.cls_head.num_classes
    # In test mode, sample i gets pattern i % 7; pattern 0 ("no overlap")
    # has clip a first for i = 3 and clip b first for i = 10.
    sample_indices = list(range(num_patterns)) + [num_patterns + 3]
    patterns = [index % num_patterns for index in sample_indices]
    norms = {pattern: [] for pattern in range(num_patterns)}
    for video in shared_videos:
        packed = [
            pipeline(dict(filename=video, sample_idx=index, label=-1,
                          start_index=0, modality='RGB'))
            for index in sample_indices
        ]
        assert [p['data_samples'].gt_labels.item.item()
                for p in packed] == patterns
        data = model.data_preprocessor(pseudo_collate(packed))
        with torch.no_grad():
            fused, _ = model.extract_feat(data['inputs'])
        for pattern, norm in zip(patterns, fused.norm(dim=1).tolist()):
            norms[pattern].append(norm)
    for pattern, own in norms.items():
        others = [n for p, ns in norms.items() if p != pattern for n in ns]
        assert min(others) <= np.median(own) <= max(others), (pattern, norms)
