import pytest
import torch
import torch.nn as nn
from mmaction.structures import ActionDataSample

from mmssl.errors import ConfigKeyError, ConfigValueError
from mmssl.models.utils import encode_views, view_labels_of

# rgb, static, diff, rgb, diff
LABELS = torch.tensor([0, 1, 2, 0, 2])


def clips(batch=2, num_clips=5, seed=0):
    """(B, N, 1, 1, 1, 1) inputs whose clip (b, i) is the number 10 b + i
    plus noise in a second channel."""
    values = torch.arange(num_clips).float() + 10 * torch.arange(
        batch).float()[:, None]
    noise = torch.randn(batch, num_clips, generator=torch.Generator()
                        .manual_seed(seed))
    return torch.stack([values, noise], dim=2).view(batch, num_clips, 2, 1,
                                                    1, 1)


class Recorder(nn.Module):
    """Identity that records the first channel of the clips of each call."""

    def __init__(self):
        super().__init__()
        self.calls = []

    def forward(self, x):
        self.calls.append(x[:, 0].flatten().tolist())
        return x.flatten(1)


def bn_encoder():
    torch.manual_seed(0)
    return nn.Sequential(
        nn.Conv3d(2, 4, 1), nn.BatchNorm3d(4), nn.Flatten(1)).train()


def test_shared_encoder_keeps_clip_order_and_calls_once_per_view():
    encoder = Recorder()
    inputs = clips()
    feats = encode_views(encoder, inputs, LABELS)
    torch.testing.assert_close(feats, inputs.flatten(2))
    # Video-major within each call, kinds by ascending id.
    assert encoder.calls == [[0., 3., 10., 13.], [1., 11.], [2., 4., 12., 14.]]


def test_separate_encoders_see_only_their_views():
    encoders = nn.ModuleDict(
        {name: Recorder() for name in ('rgb', 'static', 'diff')})
    inputs = clips()
    feats = encode_views(encoders, inputs, LABELS)
    torch.testing.assert_close(feats, inputs.flatten(2))
    assert encoders['rgb'].calls == [[0., 3., 10., 13.]]
    assert encoders['static'].calls == [[1., 11.]]
    assert encoders['diff'].calls == [[2., 4., 12., 14.]]
    with pytest.raises(ConfigKeyError, match="no encoder for view 'static'"):
        encode_views(nn.ModuleDict({'rgb': Recorder(), 'diff': Recorder()}),
                     inputs, LABELS)
    with pytest.raises(ConfigValueError, match='mix_bn=True needs one'):
        encode_views(encoders, inputs, LABELS, mix_bn=True)


def test_batch_norm_statistics_are_not_mixed_across_views():
    inputs = clips(batch=3)
    # The diff clips (2 and 4) get a very different scale.
    inputs[:, [2, 4]] *= 50
    rgb = [0, 3]
    alone = encode_views(bn_encoder(), inputs[:, rgb], LABELS[rgb])
    routed = encode_views(bn_encoder(), inputs, LABELS)
    mixed = encode_views(bn_encoder(), inputs, LABELS, mix_bn=True)
    torch.testing.assert_close(routed[:, rgb], alone)
    assert (mixed[:, rgb] - alone).abs().max() > 0.1
    # In train mode BN normalises each call: every view's features have
    # zero mean per channel over its own clips.
    for view in (0, 1, 2):
        per_view = routed[:, LABELS == view].flatten(0, 1)
        torch.testing.assert_close(
            per_view.mean(0), torch.zeros(4), atol=1e-5, rtol=0)


def _running_mean(encoder):
    return next(module for module in encoder.modules()
                if isinstance(module, nn.BatchNorm3d)).running_mean.clone()


def test_running_statistics_are_those_of_the_rgb_clips():
    """Static and diff calls normalise with their own batch statistics but
    leave the running averages, which evaluation on RGB clips uses, to the
    RGB clips; None lets every kind update them."""
    inputs = clips(batch=3)
    inputs[:, [2, 4]] += 100
    rgb = [0, 3]
    rgb_only, routed, every_view = bn_encoder(), bn_encoder(), bn_encoder()
    encode_views(rgb_only, inputs[:, rgb], LABELS[rgb])
    encode_views(routed, inputs, LABELS)
    encode_views(every_view, inputs, LABELS, running_stats_view=None)
    torch.testing.assert_close(_running_mean(routed), _running_mean(rgb_only))
    assert (_running_mean(every_view) - _running_mean(rgb_only)).abs().max(
    ) > 1
    assert all(
        module.momentum == 0.1 for module in routed.modules()
        if isinstance(module, nn.BatchNorm3d))
    with pytest.raises(ConfigValueError, match='running_stats_view='):
        encode_views(routed, inputs, LABELS, running_stats_view='depth')


def test_view_labels_of_samples():
    def sample(labels=None):
        data_sample = ActionDataSample()
        if labels is not None:
            data_sample.view_labels = torch.tensor(labels)
        return data_sample

    assert view_labels_of([sample(), sample()], 3).tolist() == [0, 0, 0]
    assert view_labels_of(None, 2).tolist() == [0, 0]
    labels = view_labels_of([sample([0, 1, 2])] * 2, 3)
    assert labels.dtype == torch.long and labels.tolist() == [0, 1, 2]
    with pytest.raises(ConfigValueError, match="disagree on 'view_labels'"):
        view_labels_of([sample([0, 1, 2]), sample([0, 2, 1])], 3)
    with pytest.raises(ConfigValueError, match=r"samples \[1\] have no"):
        view_labels_of([sample([0, 1]), sample()], 2)
    with pytest.raises(ConfigValueError, match=r'expected \(num_clips,\)'):
        view_labels_of([sample([0, 1])], 3)


def test_unknown_view_label_is_refused():
    with pytest.raises(ConfigValueError, match='view label 7'):
        encode_views(Recorder(), clips(num_clips=2), torch.tensor([0, 7]))
