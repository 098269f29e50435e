import pytest
import torch
from mmaction.structures import ActionDataSample

from mmssl.models.utils import load_backbone_checkpoint
from mmssl.registry import MODELS

BACKBONE = dict(
    type='ResNet3d',
    depth=18,
    base_channels=4,
    pretrained=None,
    pretrained2d=False,
    conv1_kernel=(3, 7, 7),
    inflate=(1, 1, 1, 1),
    zero_init_residual=False)
FEAT_DIM = 32  # 4 * 2 ** 3
PROJECTION = dict(type='ProjectionNeck', in_channels=FEAT_DIM, out_channels=8)


def rspnet(momentum=0.999, key_sub_batches=2):
    return dict(
        type='RSPNet',
        backbone=BACKBONE,
        heads=dict(
            rsp=dict(type='RelativeSpeedHead', projection=PROJECTION),
            avid=dict(
                type='InstanceContrastHead',
                projection=PROJECTION,
                queue_size=20)),
        momentum=momentum,
        key_sub_batches=key_sub_batches,
        data_preprocessor=dict(
            type='ActionDataPreprocessor',
            mean=[114.75] * 3,
            std=[57.375] * 3,
            format_shape='NCTHW'))


def batch(seed=0, num_videos=4):
    """Videos of 3 clips (3, 8, 32, 32): query, positive, negative key; the
    query at 1x for even videos and at 2x for odd ones."""
    gen = torch.Generator().manual_seed(seed)
    inputs = [
        torch.randint(0, 256, (3, 3, 8, 32, 32), generator=gen,
                      dtype=torch.uint8) for _ in range(num_videos)
    ]
    rates = [[1.0, 1.0, 2.0], [2.0, 2.0, 1.0]]
    samples = [
        ActionDataSample(playback_rates=torch.tensor(rates[index % 2]))
        for index in range(num_videos)
    ]
    return dict(inputs=inputs, data_samples=samples)


def build(**kwargs):
    torch.manual_seed(0)
    model = MODELS.build(rspnet(**kwargs))
    model.init_weights()
    return model


def loss_of(model, data):
    data = model.data_preprocessor(data, True)
    return model(**data, mode='loss')


def query_params(model):
    encoder = model.query_encoder()
    return {name: p.detach().clone() for name, p in encoder.named_parameters()}


def key_params(model):
    return {
        name: p.detach().clone()
        for name, p in model.key_encoder.module.named_parameters()
    }


def test_key_encoder_starts_equal_to_the_query_encoder():
    model = build()
    keys, queries = key_params(model), query_params(model)
    assert keys.keys() == queries.keys()
    assert all(torch.equal(keys[name], queries[name]) for name in keys)


def test_losses_of_both_heads_and_no_gradient_into_the_key_encoder():
    model = build()
    losses = loss_of(model, batch())
    assert set(losses) == {'loss_rsp', 'acc_rsp', 'loss_avid', 'acc_avid'}
    assert all(torch.isfinite(value) for value in losses.values())
    total, _ = model.parse_losses(losses)
    total.backward()
    assert all(p.grad is None for p in model.key_encoder.parameters())
    assert not any(p.requires_grad for p in model.key_encoder.parameters())
    query_grads = [p.grad for p in model.query_encoder().parameters()]
    assert all(g is not None and g.abs().sum() > 0 for g in query_grads)


def test_one_step_moves_the_keys_to_m_k_plus_one_minus_m_q():
    model = build(momentum=0.9)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.5)
    total, _ = model.parse_losses(loss_of(model, batch(0)))
    total.backward()
    optimizer.step()
    keys, queries = key_params(model), query_params(model)
    moved = [name for name in keys if not torch.equal(keys[name],
                                                      queries[name])]
    assert moved  # the optimiser step changed the query encoder
    loss_of(model, batch(1))  # updates the key encoder first
    after = key_params(model)
    for name in keys:
        expected = 0.9 * keys[name] + 0.1 * queries[name]
        assert torch.allclose(after[name], expected, atol=1e-6), name


def test_queue_receives_the_other_speed_appearance_keys():
    model = build(key_sub_batches=1)
    data = batch()
    loss_of(model, data)
    preprocessed = model.data_preprocessor(data, True)
    keys = model.encode_keys(preprocessed['inputs'], shuffle=False)['avid']
    # Key clips are (positive, negative): the negative key is index 1.
    assert torch.allclose(model.heads.avid.queue.keys[:4], keys[:, 1],
                          atol=1e-5)
    assert int(model.heads.avid.queue.ptr) == 4
    assert len(model.heads.avid.queue) == 20


def test_predict_writes_hits_and_changes_nothing():
    model = build()
    model.eval()
    state = {k: v.clone() for k, v in model.state_dict().items()}
    data = model.data_preprocessor(batch(), False)
    samples = model(**data, mode='predict')
    assert [s.rsp_hits.shape for s in samples] == [(1, )] * 4
    assert [s.avid_hits.shape for s in samples] == [(2, )] * 4
    assert samples[0].rsp_hits.dtype == torch.bool
    after = model.state_dict()
    assert all(torch.equal(state[k], after[k]) for k in state)


def test_tensor_mode_returns_the_feature_maps_of_all_clips():
    model = build()
    data = model.data_preprocessor(batch(num_videos=2), False)
    feats = model(**data, mode='tensor')
    assert feats.shape[:3] == (2, 3, FEAT_DIM)


def test_missing_playback_rates_are_named():
    model = build()
    data = batch(num_videos=2)
    data['data_samples'] = [ActionDataSample() for _ in range(2)]
    with pytest.raises(KeyError, match='playback_rates'):
        loss_of(model, data)


def test_backbone_weights_load_into_an_evaluation_backbone(tmp_path):
    model = build()
    loss_of(model, batch())
    path = str(tmp_path / 'rspnet.pth')
    torch.save({'state_dict': model.state_dict()}, path)
    backbone = MODELS.build(BACKBONE)
    report = load_backbone_checkpoint(backbone, path, strict=True)
    assert not report.missing and not report.unexpected
    assert torch.equal(backbone.conv1.conv.weight,
                       model.backbone.conv1.conv.weight)


@pytest.mark.parametrize('kwargs, match', [
    (dict(heads={}), 'heads is empty'),
    (dict(key_clips=(0, 1)), 'disjoint'),
])
def test_bad_configs_are_named(kwargs, match):
    with pytest.raises(ValueError, match=match):
        MODELS.build(dict(rspnet(), **kwargs))
