"""ConceptHead, LocalConceptAttention and CrossViewContrastHead."""
import pytest
import torch
import torch.nn.functional as F

from mmssl.errors import ConfigValueError
from mmssl.models.heads import (ConceptHead, CrossViewContrastHead,
                                LocalConceptAttention)
from mmssl.models.losses import info_nce


@pytest.mark.parametrize('transformation, decoder, hidden, params', [
    ('identity', 'mlp', 512, 0),
    ('linear', 'linear', 512, 3 * (512 * 512 + 512)),
])
def test_concept_head_variants_and_shapes(transformation, decoder, hidden,
                                          params):
    head = ConceptHead(512, 50, 50, transformation, decoder, hidden)
    assert sum(p.numel()
               for p in head.transformations.parameters()) == params
    feats = torch.randn(4, 6, 512)
    labels = torch.tensor([0, 0, 1, 1, 2, 2])
    embeddings = head.embed(feats, labels)
    assert embeddings.shape == (4, 6, 512)
    torch.testing.assert_close(embeddings.norm(dim=-1), torch.ones(4, 6))
    codes = head.codes(embeddings)
    assert codes.shape == (4, 6, 100)
    assert codes.abs().max().item() <= 1 + 1e-5
    assert head.decode(codes[:, 0], 'rgb').shape == (4, 512)
    assert head.decode(codes[:, 2], 'static').shape == (4, 512)
    if decoder == 'mlp':
        # g_v is 100-512-512, g_s and g_d 50-512-512 (appendix Table 2).
        assert head.decoders['rgb'][0].in_features == 100
        assert head.decoders['static'][0].in_features == 50
        assert head.decoders['diff'][3].out_features == 512


def test_concept_head_codes_are_cosines_and_sigma_per_kind():
    head = ConceptHead(8, 3, 2, transformation='linear')
    feats = torch.randn(2, 6, 8)
    labels = torch.tensor([0, 0, 1, 1, 2, 2])
    codes = head.codes(head.embed(feats, labels))
    sigma_static = head.transformations['static']
    expected = F.normalize(sigma_static(feats[:, 2]), dim=-1) @ \
        head.prototypes.t()
    torch.testing.assert_close(codes[:, 2], expected)
    parts = head.split(codes)
    assert parts['static'].shape[-1] == 3 and parts['dynamic'].shape[-1] == 2
    # The MLP decoder of 'diff' sees only the dynamic part.
    assert head.decoders['diff'][0].in_features == 2


def test_concept_head_rejects_unknown_variants():
    with pytest.raises(ConfigValueError, match='transformation'):
        ConceptHead(transformation='conv')
    with pytest.raises(ConfigValueError, match='decoder'):
        ConceptHead(decoder='mlp3')


def test_local_attention_per_video_and_by_hand():
    torch.manual_seed(0)
    attention = LocalConceptAttention(in_channels=8, embed_dims=8)
    maps = torch.randn(3, 8, 2, 7, 7)  # R(2+1)D-like map: 2 x 7 x 7 tokens
    prototypes = torch.randn(5, 8)
    out = attention(maps, prototypes)
    assert out.shape == (3, 5, 8)
    # Changing one video's tokens changes only that video's features.
    changed = maps.clone()
    changed[1] = torch.randn(8, 2, 7, 7)
    out_changed = attention(changed, prototypes)
    torch.testing.assert_close(out_changed[[0, 2]], out[[0, 2]])
    assert not torch.allclose(out_changed[1], out[1])
    # All tokens equal: any attention averages one value, v(LN(token)).
    token = torch.randn(8)
    flat = token.view(1, 8, 1, 1, 1).expand(1, 8, 2, 3, 3)
    attended = prototypes + attention.value(attention.norm_tokens(token))
    expected = attended + attention.mlp(attention.norm_mlp(attended))
    torch.testing.assert_close(attention(flat, prototypes)[0], expected)


def test_cross_view_contrast_head_losses_and_queues():
    torch.manual_seed(0)
    head = CrossViewContrastHead(
        in_channels=16, hidden_channels=16, out_channels=8,
        negatives='queue', queue_size=4)
    assert sorted(head.projections) == [
        'diff_rgb', 'rgb_diff', 'rgb_rgb', 'rgb_static', 'static_rgb'
    ]
    feats = {view: torch.randn(4, 2, 16) for view in ('rgb', 'static',
                                                      'diff')}
    before = {name: queue.keys.clone()
              for name, queue in head.queues.items()}
    losses = head.loss(feats)
    assert sorted(losses) == [
        'loss_contrast_rgb_diff', 'loss_contrast_rgb_rgb',
        'loss_contrast_rgb_static'
    ]
    # By value: v1 vs s2 and v2 vs s1, each way, against the queue of the
    # key's projection as it was before the step.
    with torch.no_grad():
        rgb = head.projections['rgb_static'](feats['rgb'].flatten(0, 1))
        static = head.projections['static_rgb'](
            feats['static'].flatten(0, 1))
    rgb, static = rgb.view(4, 2, 8), static.view(4, 2, 8)
    expected = torch.stack([
        info_nce(rgb[:, 0], static[:, 1], before['static_rgb']),
        info_nce(static[:, 1], rgb[:, 0], before['rgb_static']),
        info_nce(rgb[:, 1], static[:, 0], before['static_rgb']),
        info_nce(static[:, 0], rgb[:, 1], before['rgb_static']),
    ]).mean()
    torch.testing.assert_close(losses['loss_contrast_rgb_static'].detach(),
                               expected)
    # The queue of a key projection now holds its latest 4 of 8 keys.
    torch.testing.assert_close(
        torch.sort(head.queues['static_rgb'].keys, dim=0).values,
        torch.sort(static.flatten(0, 1)[-4:], dim=0).values)


def test_cross_view_contrast_head_in_batch_negatives():
    torch.manual_seed(0)
    head = CrossViewContrastHead(
        in_channels=16, hidden_channels=16, out_channels=8,
        pairs=(('rgb', 'diff'), ))
    assert len(head.queues) == 0
    feats = {view: torch.randn(4, 2, 16, requires_grad=True)
             for view in ('rgb', 'diff')}
    loss = head.loss(feats)['loss_contrast_rgb_diff']
    # By value: v1 vs d2 and v2 vs d1, each way, each query against the
    # partner clips of all 4 videos (its own is the positive).
    rgb = head.projections['rgb_diff'](feats['rgb'].flatten(0, 1)).view(
        4, 2, 8)
    diff = head.projections['diff_rgb'](feats['diff'].flatten(0, 1)).view(
        4, 2, 8)
    expected = torch.stack([
        info_nce(rgb[:, 0], diff[:, 1], None),
        info_nce(diff[:, 1], rgb[:, 0], None),
        info_nce(rgb[:, 1], diff[:, 0], None),
        info_nce(diff[:, 0], rgb[:, 1], None),
    ]).mean()
    torch.testing.assert_close(loss, expected)
    # The key is not detached: the gradients are those of the terms with
    # both sides differentiable (a detached key would lose half of them).
    for got, want in zip(
            torch.autograd.grad(loss, [feats['rgb'], feats['diff']]),
            torch.autograd.grad(expected, [feats['rgb'], feats['diff']])):
        torch.testing.assert_close(got, want)


def test_cross_view_contrast_head_rejects_unknown_negatives():
    with pytest.raises(ConfigValueError, match='negatives'):
        CrossViewContrastHead(negatives='memory_bank')


def test_cross_view_contrast_head_rejects_unknown_pairs():
    with pytest.raises(ConfigValueError, match='pairs'):
        CrossViewContrastHead(pairs=(('rgb', 'flow'), ))
