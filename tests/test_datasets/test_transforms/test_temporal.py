import numpy as np
import pytest
from mmengine.config import Config
from mmengine.dataset import Compose

from mmssl.datasets.transforms import (Assignment, ClipAssignment,
                                       MultiClipSampler, Periodic,
                                       RandomReverse, Reverse, Speed,
                                       TemporalTransform, VideoDecodeError,
                                       Warp)
from mmssl.registry import CLIP_ASSIGNMENTS, TEMPORAL_TRANSFORMS, TRANSFORMS
from mmssl.testing import read_frame_index, write_index_video


@pytest.fixture(autouse=True)
def seeded():
    """Training-mode sampling draws from NumPy's global generator."""
    np.random.seed(0)


def call(transform, start=5, clip_len=4, video_len=100, seed=0):
    rng = np.random.default_rng(seed)
    return transform(start, clip_len, video_len, rng).tolist()


@pytest.mark.parametrize('rate, expected, span', [
    (1, [5, 6, 7, 8], 4),
    (2, [5, 7, 9, 11], 8),
    (3, [5, 8, 11, 14], 12),
    (8.0, [5, 13, 21, 29], 32),
])
def test_speed_fast_takes_every_kth_frame(rate, expected, span):
    speed = Speed(rate)
    assert call(speed) == expected
    assert speed.span(4) == span


@pytest.mark.parametrize('rate, expected, span', [
    (1 / 2, [5, 5, 6, 6, 7, 7], 3),
    (1 / 3, [5, 5, 5, 6, 6, 6], 2),
    (1 / 4, [5, 5, 5, 5, 6, 6], 2),
])
def test_speed_slow_replicates_each_frame(rate, expected, span):
    speed = Speed(rate)
    assert call(speed, clip_len=6) == expected
    assert speed.span(6) == span


@pytest.mark.parametrize('rate', [0, -1, 1.5, 0.4, -0.5])
def test_speed_rejects_rates_that_are_not_k_or_1_over_k(rate):
    with pytest.raises(ValueError, match=f'rate={rate!r}'):
        Speed(rate)


def test_reverse_plays_the_wrapped_clip_backwards():
    assert call(Reverse()) == [8, 7, 6, 5]
    reverse2 = Reverse(transform=dict(type='Speed', rate=2))
    assert call(reverse2) == [11, 9, 7, 5]
    assert reverse2.span(4) == 8


def test_random_reverse_flips_with_its_probability():
    assert call(RandomReverse(dict(type='Speed', rate=2),
                              prob=1)) == [11, 9, 7, 5]
    assert call(RandomReverse(dict(type='Speed', rate=2),
                              prob=0)) == [5, 7, 9, 11]
    half = RandomReverse(dict(type='Speed', rate=1))
    flips = [call(half, seed=s)[0] == 8 for s in range(200)]
    assert 70 < sum(flips) < 130
    with pytest.raises(ValueError, match='prob=2'):
        RandomReverse(dict(type='Speed', rate=1), prob=2)


@pytest.mark.parametrize('rate, clip_len, expected, span', [
    (1, 8, [5, 6, 7, 8, 9, 8, 7, 6], 5),
    (1, 7, [5, 6, 7, 8, 7, 6, 5], 4),
    (2, 6, [5, 7, 9, 11, 9, 7], 8),
])
def test_periodic_goes_forward_then_backward(rate, clip_len, expected, span):
    periodic = Periodic(rate)
    assert call(periodic, clip_len=clip_len) == expected
    assert periodic.span(clip_len) == span


def test_warp_is_strictly_increasing_random_and_inside_its_span():
    warp = Warp(rate=4)
    clips = np.array([call(warp, clip_len=8, seed=s) for s in range(20)])
    steps = np.diff(clips, axis=1)
    assert (steps >= 1).all()
    assert clips.min() >= 5 and clips.max() < 5 + warp.span(8)
    # Non-uniform skipping, and different across draws.
    assert (steps.min(axis=1) < steps.max(axis=1)).all()
    assert len({tuple(c) for c in clips.tolist()}) == 20


def test_warp_window_shrinks_to_the_frames_left_in_the_video():
    clip = call(Warp(rate=4), start=5, clip_len=8, video_len=15)
    assert clip == sorted(set(clip)) and max(clip) < 15
    with pytest.raises(ValueError, match='rate=1'):
        Warp(rate=1)


def build_sampler(**kwargs):
    return TRANSFORMS.build(dict(type='MultiClipSampler', **kwargs))


SPEEDS_1248 = [dict(type='Speed', rate=r) for r in (1, 2, 4, 8)]


def sample(sampler, total_frames=300, **results):
    return sampler(dict(total_frames=total_frames, **results))


def clips_of(results):
    return results['frame_inds'].reshape(results['num_clips'],
                                         results['clip_len'])


def test_each_assignment_gives_every_transformation_once_in_order():
    sampler = build_sampler(
        clip_len=4, transforms=SPEEDS_1248 + [dict(type='Reverse')])
    results = sample(sampler)
    assert results['frame_inds'].dtype == np.int64
    assert results['frame_inds'].shape == (20, )
    assert results['num_clips'] == 5 and results['clip_len'] == 4
    assert results['temporal_labels'].dtype == np.int64
    assert results['temporal_labels'].tolist() == [0, 1, 2, 3, 4]
    clips = clips_of(results)
    assert np.diff(
        clips, axis=1).tolist() == [[1] * 3, [2] * 3, [4] * 3, [8] * 3,
                                    [-1] * 3]


def test_permutation_assignment_shuffles_and_labels_follow_clips():
    sampler = build_sampler(
        clip_len=4, transforms=SPEEDS_1248, assign='permutation')
    rates = np.array([1, 2, 4, 8])
    orders = set()
    for _ in range(20):
        results = sample(sampler)
        labels = results['temporal_labels']
        assert sorted(labels.tolist()) == [0, 1, 2, 3]
        steps = np.diff(clips_of(results), axis=1)
        assert (steps == rates[labels][:, None]).all()
        orders.add(tuple(labels.tolist()))
    assert len(orders) > 5


def test_random_assignment_draws_each_clip_from_the_set():
    sampler = build_sampler(
        clip_len=4,
        transforms=[dict(type='Speed', rate=r) for r in (1, 2, 3, 4)],
        assign='random',
        num_clips=2)
    rates = np.array([1, 2, 3, 4])
    seen = []
    for _ in range(100):
        results = sample(sampler)
        labels = results['temporal_labels']
        assert labels.shape == (2, ) and results['frame_inds'].shape == (8, )
        steps = np.diff(clips_of(results), axis=1)
        assert (steps == rates[labels][:, None]).all()
        seen += labels.tolist()
    assert np.bincount(seen, minlength=4).min() > 20


def test_slow_fast_pace_set_labels_and_replication():
    sampler = build_sampler(
        clip_len=6,
        transforms=[
            dict(type='Speed', rate=r) for r in (1 / 3, 1 / 2, 1, 2, 3)
        ])
    clips = clips_of(sample(sampler))
    assert (clips - clips[:, :1]).tolist() == [[0, 0, 0, 1, 1, 1],
                                               [0, 0, 1, 1, 2, 2],
                                               [0, 1, 2, 3, 4, 5],
                                               [0, 2, 4, 6, 8, 10],
                                               [0, 3, 6, 9, 12, 15]]


def test_signed_paces_are_distinct_classes():
    forward = [dict(type='Speed', rate=r) for r in (1, 2, 3, 4)]
    backward = [dict(type='Reverse', transform=t) for t in forward]
    sampler = build_sampler(clip_len=4, transforms=forward + backward)
    results = sample(sampler)
    assert results['temporal_labels'].tolist() == list(range(8))
    steps = np.diff(clips_of(results), axis=1)[:, 0]
    assert steps.tolist() == [1, 2, 3, 4, -1, -2, -3, -4]


def test_random_backwards_shares_the_forward_label():
    sampler = build_sampler(
        clip_len=4,
        transforms=[
            dict(type='RandomReverse', transform=dict(type='Speed', rate=r))
            for r in (1, 2)
        ])
    directions = set()
    for _ in range(30):
        results = sample(sampler)
        assert results['temporal_labels'].tolist() == [0, 1]
        steps = np.diff(clips_of(results), axis=1)[:, 0]
        assert set(np.abs(steps).tolist()) == {1, 2}
        directions.update(np.sign(steps).tolist())
    assert directions == {-1, 1}


def test_shared_start_puts_all_clips_on_one_frame():
    sampler = build_sampler(
        clip_len=4, transforms=SPEEDS_1248, start_mode='shared')
    for _ in range(10):
        clips = clips_of(sample(sampler, total_frames=40))
        assert len(set(clips[:, 0].tolist())) == 1
        # The 8x clip spans 32 of the 40 frames: start in [0, 8].
        assert 0 <= clips[0, 0] <= 8 and clips.max() < 40


def test_independent_starts_differ_and_fit_each_span():
    sampler = build_sampler(clip_len=4, transforms=SPEEDS_1248)
    starts = np.array(
        [clips_of(sample(sampler, total_frames=40))[:, 0] for _ in range(50)])
    assert (starts >= 0).all() and (starts <= [36, 32, 24, 8]).all()
    assert starts[:, 3].max() == 8
    assert len({tuple(s) for s in starts.tolist()}) > 40


def test_adjacent_clips_follow_each_other():
    sampler = build_sampler(
        clip_len=4,
        transforms=[dict(type='Speed', rate=1),
                    dict(type='Speed', rate=2)],
        start_mode='adjacent')
    for _ in range(10):
        clips = clips_of(sample(sampler, total_frames=20))
        first = clips[0, 0]
        assert 0 <= first <= 8
        assert clips.tolist() == [[first + i for i in range(4)],
                                  [first + 4 + 2 * i for i in range(4)]]


def test_test_mode_is_deterministic_and_centred():
    sampler = build_sampler(
        clip_len=4,
        transforms=SPEEDS_1248 + [dict(type='Warp')],
        assign='random',
        num_clips=3,
        start_mode='shared',
        test_mode=True)
    first = sample(sampler, total_frames=101, sample_idx=7)
    again = sample(sampler, total_frames=101, sample_idx=7)
    assert first['frame_inds'].tolist() == again['frame_inds'].tolist()
    assert (first['temporal_labels'] == again['temporal_labels']).all()
    centred = build_sampler(clip_len=4, transforms=SPEEDS_1248, test_mode=True)
    assert clips_of(sample(centred,
                           total_frames=100))[:,
                                              0].tolist() == [48, 46, 42, 34]


@pytest.mark.parametrize('policy, expected', [
    ('loop', [0, 4, 2, 0]),
    ('clamp', [0, 4, 5, 5]),
])
def test_short_video_policies(policy, expected):
    sampler = build_sampler(
        clip_len=4,
        transforms=[dict(type='Speed', rate=4)],
        short_video=policy)
    results = sample(sampler, total_frames=6)
    assert results['frame_inds'].tolist() == expected


def test_start_index_offsets_frame_folder_indices():
    sampler = build_sampler(
        clip_len=3, transforms=[dict(type='Speed', rate=2)], test_mode=True)
    results = sample(sampler, total_frames=6, start_index=1)
    assert results['frame_inds'].tolist() == [1, 3, 5]


def test_zero_frames_raise_naming_the_video():
    sampler = build_sampler(clip_len=4, transforms=SPEEDS_1248)
    with pytest.raises(VideoDecodeError, match='a/b.mp4'):
        sample(sampler, total_frames=0, filename='a/b.mp4')


@pytest.mark.parametrize('kwargs, match', [
    (dict(assign='sorted'), "assign='sorted'"),
    (dict(start_mode='middle'), "start_mode='middle'"),
    (dict(short_video='pad'), "short_video='pad'"),
    (dict(num_clips=2), 'num_clips=2'),
    (dict(assign='random', num_clips=0), 'num_clips=0'),
    (dict(transforms=[]), 'transforms=\\[\\]'),
    (dict(clip_len=0), 'clip_len=0'),
])
def test_bad_sampler_config_names_the_key(kwargs, match):
    cfg = dict(clip_len=4, transforms=SPEEDS_1248)
    cfg.update(kwargs)
    with pytest.raises(ValueError, match=match):
        build_sampler(**cfg)


def test_unknown_transformation_type_is_named():
    with pytest.raises(KeyError, match='Slowmo'):
        build_sampler(clip_len=4, transforms=[dict(type='Slowmo')])


def test_new_transformation_needs_no_sampler_change():

    @TEMPORAL_TRANSFORMS.register_module()
    class EveryOtherBackwards(TemporalTransform):

        def span(self, clip_len):
            return 2 * clip_len

        def __call__(self, start, clip_len, video_len, rng):
            return start + 2 * np.arange(clip_len)[::-1]

    try:
        sampler = build_sampler(
            clip_len=3,
            transforms=[dict(type='EveryOtherBackwards')],
            test_mode=True)
        assert sample(
            sampler, total_frames=10)['frame_inds'].tolist() == [6, 4, 2]
    finally:
        TEMPORAL_TRANSFORMS._module_dict.pop('EveryOtherBackwards')


def test_documented_method_configs_build_from_a_config_file(tmp_path):
    config = tmp_path / 'samplers.py'
    config.write_text(
        "transrank = dict(type='MultiClipSampler', clip_len=16,\n"
        "    transforms=[dict(type='Speed', rate=r) for r in (1, 2, 4, 8)]\n"
        "    + [dict(type='Reverse')])\n"
        "rspnet = dict(type='MultiClipSampler', clip_len=16,\n"
        "    assign='relative_speed',\n"
        "    transforms=[dict(type='Speed', rate=r) for r in (1, 2)])\n"
        "pace = dict(type='MultiClipSampler', clip_len=16, assign='random',\n"
        "    transforms=[dict(type='Speed', rate=r) for r in (1, 2, 3, 4)])\n")
    cfg = Config.fromfile(str(config))
    transrank = sample(TRANSFORMS.build(cfg.transrank))
    assert transrank['frame_inds'].shape == (80, )
    assert transrank['temporal_labels'].tolist() == [0, 1, 2, 3, 4]
    rspnet = sample(TRANSFORMS.build(cfg.rspnet))
    clips = clips_of(rspnet)
    assert clips[1, 0] == clips[2, 0]
    assert sorted(np.diff(clips, axis=1)[1:, 0].tolist()) == [1, 2]
    assert rspnet['playback_rates'][0] == rspnet['playback_rates'][1]
    pace = sample(TRANSFORMS.build(cfg.pace))
    assert pace['frame_inds'].shape == (16, ) and pace['num_clips'] == 1
    assert isinstance(TRANSFORMS.build(cfg.pace), MultiClipSampler)


@pytest.mark.parametrize('transform, rate', [
    (Speed(2), 2.0),
    (Speed(1 / 2), 0.5),
    (Reverse(dict(type='Speed', rate=4)), -4.0),
    (RandomReverse(dict(type='Speed', rate=3)), 3.0),
    (Periodic(2), None),
    (Warp(4), None),
])
def test_playback_rate_of_each_transformation(transform, rate):
    assert transform.playback_rate == rate


def test_every_clip_records_its_playback_rate():
    sampler = build_sampler(
        clip_len=4,
        transforms=[dict(type='Speed', rate=r) for r in (1, 2, 3)] +
        [dict(type='Reverse'), dict(type='Periodic')],
        assign='permutation')
    results = sample(sampler)
    rates = np.array([1, 2, 3, -1, np.nan], dtype=np.float32)
    assert results['playback_rates'].dtype == np.float32
    np.testing.assert_array_equal(results['playback_rates'],
                                  rates[results['temporal_labels']])


def relative_speed_sampler(speeds=(1, 2), **kwargs):
    return build_sampler(
        clip_len=4,
        transforms=[dict(type='Speed', rate=r) for r in speeds],
        assign='relative_speed',
        **kwargs)


def test_relative_speed_query_and_positive_share_a_rate_negative_differs():
    sampler = relative_speed_sampler(speeds=(1, 2, 4))
    base_queries = 0
    fast_negatives = set()
    for _ in range(200):
        results = sample(sampler, total_frames=100)
        labels = results['temporal_labels']
        rates = results['playback_rates']
        clips = clips_of(results)
        assert labels[0] == labels[1] != labels[2] and 0 in labels[1:]
        assert rates[0] == rates[1] != rates[2]
        np.testing.assert_array_equal(
            np.diff(clips, axis=1), np.repeat(rates[:, None], 3, axis=1))
        # Both keys come from one window: the same start frame. Windows
        # span the 4x clip (16 frames) whatever they hold.
        assert clips[1, 0] == clips[2, 0]
        assert clips[:, 0].max() <= 100 - 16
        base_queries += labels[0] == 0
        if labels[0] == 0:
            fast_negatives.add(int(labels[2]))
    assert 70 < base_queries < 130
    assert fast_negatives == {1, 2}


def test_relative_speed_clips_frame_by_frame_on_an_index_video(tmp_path):
    video = write_index_video(str(tmp_path / 'index.mp4'), num_frames=48,
                              size=(32, 32))
    pipeline = Compose([
        dict(type='DecordOpen'),
        dict(type='MultiClipSampler', clip_len=4, assign='relative_speed',
             transforms=[dict(type='Speed', rate=1),
                         dict(type='Speed', rate=2)]),
        dict(type='DecordDecodeOnce'),
    ])
    query_starts = set()
    for _ in range(20):
        results = pipeline(dict(filename=video, start_index=0,
                                modality='RGB'))
        shown = np.array([read_frame_index(f) for f in results['imgs']])
        clips = shown.reshape(3, 4)
        rates = results['playback_rates']
        for clip, rate in zip(clips, rates):
            assert np.diff(clip).tolist() == [rate] * 3
        assert rates[0] == rates[1] != rates[2]
        assert clips[1, 0] == clips[2, 0]
        # Each window (2 x 4 frames) lies inside the 48 frames.
        assert clips.max() < 48
        query_starts.add(int(clips[0, 0]) - int(clips[1, 0]))
    assert len(query_starts) > 5  # query and key windows start apart


def test_relative_speed_test_mode_adjacent_windows_are_deterministic():
    sampler = relative_speed_sampler(start_mode='adjacent', test_mode=True)
    first = sample(sampler, total_frames=40, sample_idx=3)
    again = sample(sampler, total_frames=40, sample_idx=3)
    assert first['frame_inds'].tolist() == again['frame_inds'].tolist()
    clips = clips_of(first)
    # Two 8-frame windows one after the other, centred in 40 frames.
    assert clips[0, 0] == 12 and clips[1, 0] == clips[2, 0] == 20


@pytest.mark.parametrize('kwargs, match', [
    (dict(speeds=(1, )), 'base speed and at least one other'),
    (dict(num_clips=4), 'num_clips=4'),
])
def test_relative_speed_bad_configs_are_named(kwargs, match):
    with pytest.raises(ValueError, match=match):
        relative_speed_sampler(**kwargs)


def test_new_assignment_policy_needs_no_sampler_change():

    @CLIP_ASSIGNMENTS.register_module('reversed_pairs')
    class ReversedPairs(ClipAssignment):
        """The transformations in reverse order, all from one start."""

        def __call__(self, num_transforms, num_clips, rng):
            return Assignment(
                np.arange(num_transforms)[::-1], np.zeros(num_clips, int))

    try:
        sampler = build_sampler(
            clip_len=3, transforms=SPEEDS_1248[:2],
            assign=dict(type='reversed_pairs'), test_mode=True)
        results = sample(sampler, total_frames=10)
        assert results['temporal_labels'].tolist() == [1, 0]
        assert clips_of(results).tolist() == [[2, 4, 6], [2, 3, 4]]
    finally:
        CLIP_ASSIGNMENTS._module_dict.pop('reversed_pairs')
