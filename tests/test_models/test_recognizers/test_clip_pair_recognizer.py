import pytest
import torch
from mmaction.structures import ActionDataSample

from mmssl.registry import MODELS

TINY_R3D = dict(
    type='ResNet3d',
    depth=18,
    base_channels=4,
    pretrained=None,
    pretrained2d=False,
    conv1_kernel=(3, 7, 7),
    conv1_stride_t=1,
    with_pool1=False,
    with_pool2=False,
    inflate=(1, 1, 1, 1),
    spatial_strides=(1, 2, 2, 2),
    temporal_strides=(1, 2, 2, 2))


@pytest.fixture
def model():
    torch.manual_seed(0)
    model = MODELS.build(
        dict(
            type='ClipPairRecognizer',
            freeze_backbone=True,
            backbone=TINY_R3D,
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
    assert losses['loss_cls'].item() > 0
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
