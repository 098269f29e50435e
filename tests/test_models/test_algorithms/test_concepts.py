"""StaticDynamicConcepts: the loss terms, L_loc gating, encoders."""
import pytest
import torch
from mmaction.structures import ActionDataSample
from mmengine.logging import MessageHub

from mmssl.errors import ConfigValueError
from mmssl.registry import MODELS

FEAT_DIM = 32  # tiny_r3d: base 4 channels, 32-d res4
VIEW_ORDER = [0, 0, 1, 1, 2, 2]


def concepts(backbone, **kwargs):
    kwargs = dict(dict(top_k=3, loc_start_epoch=2, code_queue_size=8),
                  **kwargs)
    return dict(
        type='StaticDynamicConcepts',
        backbone=backbone,
        concept_head=dict(
            type='ConceptHead', in_channels=FEAT_DIM, num_static=6,
            num_dynamic=6, decoder_hidden=16),
        local_attention=dict(
            type='LocalConceptAttention', in_channels=FEAT_DIM,
            embed_dims=FEAT_DIM),
        contrast_head=dict(
            type='CrossViewContrastHead', in_channels=FEAT_DIM,
            hidden_channels=16, out_channels=8),
        data_preprocessor=dict(
            type='MultiViewDataPreprocessor', format_shape='NCTHW'),
        **kwargs)


def batch(seed=0, num_videos=4, views=VIEW_ORDER):
    """Videos of 6 clips (3, 4, 16, 16) with the given view labels."""
    gen = torch.Generator().manual_seed(seed)
    inputs = [
        torch.randint(0, 256, (len(views), 3, 4, 16, 16), generator=gen,
                      dtype=torch.uint8).float() for _ in range(num_videos)
    ]
    samples = [
        ActionDataSample(view_labels=torch.tensor(views))
        for _ in range(num_videos)
    ]
    return dict(inputs=inputs, data_samples=samples)


def build(tiny_r3d, **kwargs):
    torch.manual_seed(0)
    model = MODELS.build(concepts(tiny_r3d, **kwargs))
    model.init_weights()
    return model


def set_epoch(epoch):
    MessageHub.get_current_instance().update_info('epoch', epoch)


def loss_of(model, data):
    data = model.data_preprocessor(data, training=True)
    return model(**data, mode='loss')


@pytest.fixture(autouse=True)
def reset_epoch():
    yield
    set_epoch(0)


def test_local_loss_is_zero_before_its_start_epoch(tiny_r3d):
    model = build(tiny_r3d)
    data = batch()
    for epoch, active in ((0, False), (1, False), (2, True), (3, True)):
        set_epoch(epoch)
        losses = loss_of(model, data)
        assert (losses['loss_local'].item() > 0) == active, epoch
        assert losses['loss_local'].requires_grad == active
    # 4 pairs (v1 v2 on both concept sets, s1 s2, d1 d2) of top-3 of 6.
    assert 0 < losses['valid_concepts'].item() <= 3


def test_loss_terms_and_codes_queue(tiny_r3d):
    set_epoch(0)
    model = build(tiny_r3d)
    losses = loss_of(model, batch())
    assert sorted(losses) == sorted([
        'loss_align_static', 'loss_align_dynamic', 'loss_entropy_static',
        'loss_entropy_dynamic', 'loss_fidelity_rgb', 'loss_fidelity_static',
        'loss_fidelity_diff', 'loss_contrast_rgb_rgb',
        'loss_contrast_rgb_static', 'loss_contrast_rgb_diff', 'loss_local',
        'valid_concepts'
    ])
    # Entropy weight 0.1 times a KL in [0, log 6].
    assert 0 <= losses['loss_entropy_static'].item() <= 0.1 * 1.7918
    assert -1 <= losses['loss_fidelity_rgb'].item() <= 1
    # The diff queue now holds the codes of the 8 diff clips (4 videos x
    # 2), as the backbone (train-mode BN, diff clips in a call of their
    # own) and the head give them.
    data = model.data_preprocessor(batch(), training=True)
    with torch.no_grad():
        feats = model.backbone(data['inputs'][:, 4:].flatten(0, 1))
        feats = feats.mean((2, 3, 4)).view(4, 2, FEAT_DIM)
        head = model.concept_head
        codes = head.codes(head.embed(feats, torch.tensor([2, 2])))
    torch.testing.assert_close(model.code_queues['diff'].keys,
                               codes.flatten(0, 1))


@pytest.mark.parametrize('separate', [False, True])
def test_shared_and_separate_encoders_train_a_step(tiny_r3d, separate):
    set_epoch(5)
    model = build(tiny_r3d, separate_encoders=separate)
    assert hasattr(model, 'diff_backbone') == separate
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    before = {name: param.detach().clone()
              for name, param in model.named_parameters()}
    losses = loss_of(model, batch())
    sum(value for key, value in losses.items() if 'loss' in key).backward()
    optimizer.step()
    moved = {name for name, param in model.named_parameters()
             if not torch.equal(param, before[name])}
    prefixes = ['backbone.', 'concept_head.', 'local_attention.',
                'contrast_head.']
    if separate:
        prefixes += ['static_backbone.', 'diff_backbone.']
    for prefix in prefixes:
        assert any(name.startswith(prefix) for name in moved), prefix


def test_separate_encoders_see_only_their_kind(tiny_r3d):
    set_epoch(0)
    model = build(tiny_r3d, separate_encoders=True)
    seen = {}

    def record(name):
        def hook(module, args, out):
            seen.setdefault(name, []).append(args[0][:, 0, 0, 0, 0].tolist())

        return hook

    for name in ('backbone', 'static_backbone', 'diff_backbone'):
        getattr(model, name).register_forward_hook(record(name))
    data = model.data_preprocessor(batch(), training=True)
    model(**data, mode='loss')
    # One call each, with the 2 clips of its kind of each of the 4 videos.
    for name, clips in (('backbone', [0, 1]), ('static_backbone', [2, 3]),
                        ('diff_backbone', [4, 5])):
        expected = data['inputs'][:, clips, 0, 0, 0, 0].flatten().tolist()
        assert seen[name] == [expected], name


def test_views_in_another_order(tiny_r3d):
    set_epoch(0)
    model = build(tiny_r3d)
    losses = loss_of(model, batch(views=[2, 0, 1, 0, 2, 1]))
    assert torch.isfinite(losses['loss_align_static'])


def test_wrong_views_and_options_are_named(tiny_r3d):
    model = build(tiny_r3d)
    with pytest.raises(ConfigValueError, match='two clips of each kind'):
        loss_of(model, batch(views=[0, 0, 0, 1, 2, 2]))
    with pytest.raises(ConfigValueError, match='mix_bn'):
        build(tiny_r3d, separate_encoders=True, mix_bn=True)
    with pytest.raises(ConfigValueError, match='top_k'):
        build(tiny_r3d, top_k=7)
    with pytest.raises(ConfigValueError, match='running_stats_view'):
        build(tiny_r3d, running_stats_view='flow')


@pytest.mark.parametrize('view,clips', [('rgb', [0, 1]), ('diff', [4, 5])])
def test_running_statistics_come_from_one_view_kind(tiny_r3d, view, clips):
    """The backbone's BN running statistics after a step are those of a
    forward pass over the chosen kind's clips alone."""
    set_epoch(0)
    model = build(tiny_r3d, running_stats_view=view)
    reference = build(tiny_r3d).backbone
    reference.train()
    data = model.data_preprocessor(batch(), training=True)
    loss_of(model, batch())
    with torch.no_grad():
        reference(data['inputs'][:, clips].flatten(0, 1))
    bn, expected = model.backbone.conv1.bn, reference.conv1.bn
    torch.testing.assert_close(bn.running_mean, expected.running_mean)
    torch.testing.assert_close(bn.running_var, expected.running_var)


def test_predict_and_tensor_modes(tiny_r3d):
    model = build(tiny_r3d)
    data = model.data_preprocessor(batch(num_videos=2), training=False)
    samples = model(**data, mode='predict')
    assert samples is data['data_samples']
    assert model(data['inputs'], mode='tensor').shape == (2, 6, FEAT_DIM, 1,
                                                          1, 1)
