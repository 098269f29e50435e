import torch

from mmssl.registry import MODELS


def test_linear_projection_pools_maps_and_normalises():
    neck = MODELS.build(
        dict(type='ProjectionNeck', in_channels=3, out_channels=2))
    with torch.no_grad():
        neck.mlp.weight.copy_(torch.tensor([[1.0, 0, 0], [0, 2.0, 0]]))
        neck.mlp.bias.zero_()
    # Channel means 3 and 2 (third channel ignored by the weights).
    feats = torch.stack([
        torch.full((2, 2, 2), 3.0),
        torch.tensor([[[0.0, 4.0], [0.0, 4.0]], [[0.0, 4.0], [0.0, 4.0]]]),
        torch.randn(2, 2, 2)
    ]).unsqueeze(0)
    out = neck(feats)
    # (3, 4) / 5
    assert torch.allclose(out, torch.tensor([[0.6, 0.8]]))
    assert neck.is_linear


def test_mlp_variant_has_a_hidden_layer_and_unit_outputs():
    neck = MODELS.build(
        dict(type='ProjectionNeck', in_channels=8, out_channels=4,
             hidden_channels=16))
    assert not neck.is_linear
    assert [m.weight.shape for m in neck.mlp if hasattr(m, 'weight')] == [
        (16, 8), (4, 16)
    ]
    out = neck(torch.randn(5, 8, 2, 3, 3))
    assert out.shape == (5, 4)
    assert torch.allclose(out.norm(dim=1), torch.ones(5))
