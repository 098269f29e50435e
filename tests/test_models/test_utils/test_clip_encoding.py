import pytest
import torch

from mmssl.models.utils import (check_multi_clip, encode_clips, fold_clips,
                                unfold_clips)


def coded_inputs(batch=2, clips=3):
    """(B, N, 1, 1, 1, 1) inputs holding 10 * b + n."""
    values = torch.arange(batch)[:, None] * 10 + torch.arange(clips)
    return values.float().view(batch, clips, 1, 1, 1, 1)


def test_fold_is_video_major_and_selects_clips_in_order():
    folded = fold_clips(coded_inputs(), clips=[2, 0])
    assert folded.shape == (4, 1, 1, 1, 1)
    assert folded.flatten().tolist() == [2, 0, 12, 10]
    assert fold_clips(coded_inputs()).flatten().tolist() == [0, 1, 2, 10, 11,
                                                             12]


def test_unfold_inverts_fold():
    inputs = coded_inputs()
    assert torch.equal(unfold_clips(fold_clips(inputs), 2), inputs)


def test_encode_calls_the_encoder_once_on_the_chosen_clips():
    calls = []

    def encoder(clips):
        calls.append(clips.shape)
        return clips.flatten(1) * 2

    feats = encode_clips(encoder, coded_inputs(), clips=[1, 2])
    assert calls == [(4, 1, 1, 1, 1)]
    assert feats.shape == (2, 2, 1)
    assert feats[..., 0].tolist() == [[2, 4], [22, 24]]


def test_check_multi_clip_names_the_owner_and_shape():
    with pytest.raises(ValueError, match=r'Probe expects .*\(2, 3, 4, 5, 6\)'):
        check_multi_clip(torch.zeros(2, 3, 4, 5, 6), 'Probe')
