import numpy as np
import pytest
from mmengine.dataset import Compose

from mmssl.datasets.transforms import (SyncPairSampler, TemporalOrderSampler,
                                       VideoDecodeError)
from mmssl.testing import read_frame_index, write_index_video


@pytest.fixture(autouse=True)
def seeded():
    """Training-mode sampling draws from NumPy's global generator."""
    np.random.seed(0)


def clips_of(results):
    return results['frame_inds'].reshape(results['num_clips'], -1).tolist()


def span(start, length, step=1):
    return list(range(start, start + length * step, step))


# 40 frames, clip_len 8: pattern p overlaps the clips by |p| * 8 frames,
# clip a ahead of b for p < 0; a starts sign(p) * (1 - |p|) * 8 frames after
# b. The pair spans 8 + |shift| frames and is centred: it starts at
# (40 - 8 - |shift|) // 2.
SYNC_PAIRS_40_FRAMES = [
    (span(15, 8), span(17, 8)),  # -3/4: a 2 frames ahead, 6 shared
    (span(14, 8), span(18, 8)),  # -1/2: a 4 frames ahead, 4 shared
    (span(13, 8), span(19, 8)),  # -1/4: a 6 frames ahead, 2 shared
    (span(20, 8), span(12, 8)),  # 0 (odd cycle: b first): adjacent
    (span(19, 8), span(13, 8)),  # +1/4: a 6 frames behind
    (span(18, 8), span(14, 8)),  # +1/2
    (span(17, 8), span(15, 8)),  # +3/4
]


@pytest.mark.parametrize('pattern', range(7))
def test_sync_test_mode_frame_indices_of_each_pattern(pattern):
    sampler = SyncPairSampler(clip_len=8, test_mode=True)
    # sample_idx 7 + pattern: the pattern is the index modulo 7, in the
    # second (odd) cycle of the 7 patterns.
    results = sampler(dict(total_frames=40, sample_idx=7 + pattern))
    assert results['label'] == pattern
    assert results['num_clips'] == 2
    assert results['clip_len'] == 8
    assert results['frame_inds'].dtype == np.int64
    assert clips_of(results) == list(map(list, SYNC_PAIRS_40_FRAMES[pattern]))


def test_sync_no_overlap_alternates_the_order_in_test_mode():
    sampler = SyncPairSampler(clip_len=8, test_mode=True)
    orders = [
        clips_of(sampler(dict(total_frames=40, sample_idx=index)))
        for index in (3, 10, 17)
    ]
    a_first = [span(12, 8), span(20, 8)]
    assert orders == [a_first, a_first[::-1], a_first]


def test_sync_frame_interval_and_start_index():
    sampler = SyncPairSampler(clip_len=4, frame_interval=2, test_mode=True)
    # Pattern -3/4: a is 1 frame (2 source frames) ahead of b; the pair
    # spans 7 + 2 = 9 source frames, starting at (20 - 9) // 2 = 5, plus the
    # start index 1.
    results = sampler(dict(total_frames=20, sample_idx=0, start_index=1))
    assert clips_of(results) == [[6, 8, 10, 12], [8, 10, 12, 14]]
    assert results['frame_interval'] == 2
    # Pattern 0, a first: b starts where a would take its 5th frame (8
    # source frames later); the pair spans 15, starting at 2.
    results = sampler(dict(total_frames=20, sample_idx=3, start_index=1))
    assert clips_of(results) == [[3, 5, 7, 9], [11, 13, 15, 17]]


def test_sync_short_video_repeats_the_last_frame():
    sampler = SyncPairSampler(clip_len=8, test_mode=True)
    results = sampler(dict(total_frames=10, sample_idx=3))  # 0, a first
    assert clips_of(results) == [span(0, 8), [8, 9, 9, 9, 9, 9, 9, 9]]


def test_sync_training_shifts_positions_and_classes():
    sampler = SyncPairSampler(clip_len=16)
    # Start of a minus start of b: +-16 for pattern 0 (either order).
    shifts = {0: {-4}, 1: {-8}, 2: {-12}, 3: {-16, 16}, 4: {12}, 5: {8},
              6: {4}}
    labels, firsts, no_overlap = [], set(), set()
    for _ in range(300):
        results = sampler(dict(total_frames=50))
        clip_a, clip_b = np.asarray(clips_of(results))
        label = results['label']
        labels.append(label)
        assert clip_a[0] - clip_b[0] in shifts[label]
        assert (np.diff(clip_a) == 1).all() and (np.diff(clip_b) == 1).all()
        assert min(clip_a[0], clip_b[0]) >= 0
        assert max(clip_a[-1], clip_b[-1]) <= 49
        firsts.add(min(clip_a[0], clip_b[0]))
        if label == 3:
            no_overlap.add(int(clip_a[0] - clip_b[0]))
    counts = np.bincount(labels, minlength=7)
    assert (counts > 20).all(), counts
    assert len(firsts) > 5
    assert no_overlap == {-16, 16}


def test_sync_custom_patterns_and_invalid_ones():
    sampler = SyncPairSampler(
        clip_len=6, patterns=(-0.5, 0.5), test_mode=True)
    assert clips_of(sampler(dict(total_frames=9,
                                 sample_idx=1))) == [span(3, 6),
                                                     span(0, 6)]
    with pytest.raises(ValueError, match='pattern=-0.75 for clip_len=6'):
        SyncPairSampler(clip_len=6)
    with pytest.raises(ValueError, match='pattern=1 '):
        SyncPairSampler(clip_len=8, patterns=(0, 1))
    with pytest.raises(ValueError, match='frame_interval'):
        SyncPairSampler(clip_len=8, frame_interval=0)


def test_test_mode_needs_sample_idx_and_frames():
    with pytest.raises(KeyError, match='sample_idx'):
        SyncPairSampler(clip_len=8, test_mode=True)(dict(total_frames=40))
    with pytest.raises(KeyError, match='sample_idx'):
        TemporalOrderSampler(test_mode=True)(dict(total_frames=40))
    with pytest.raises(VideoDecodeError, match='a.mp4 has no frames'):
        SyncPairSampler(clip_len=8)(dict(total_frames=0, filename='a.mp4'))


@pytest.mark.parametrize('sample_idx, label, first, second', [
    (0, 0, span(8, 8), span(24, 8)),
    (3, 1, span(24, 8), span(8, 8)),
])
def test_order_test_mode_frame_indices_of_both_classes(sample_idx, label,
                                                       first, second):
    # 40 frames, two sub-clips of 8: 24 spare frames split into gaps of 8
    # before x1 (frames 8-15), between, and after x2 (frames 24-31).
    sampler = TemporalOrderSampler(sub_clip_len=8, test_mode=True)
    results = sampler(dict(total_frames=40, sample_idx=sample_idx))
    assert results['label'] == label
    assert results['num_clips'] == 1
    assert results['clip_len'] == 16
    assert results['frame_inds'].tolist() == first + second


def test_order_short_video_and_frame_interval():
    sampler = TemporalOrderSampler(
        sub_clip_len=3, frame_interval=2, test_mode=True)
    # Sub-clip span 5; 13 frames leave 3 spare: gaps of 1, 1 and 1.
    results = sampler(dict(total_frames=13, sample_idx=0))
    assert results['frame_inds'].tolist() == [1, 3, 5, 7, 9, 11]
    results = sampler(dict(total_frames=6, sample_idx=1))
    assert results['frame_inds'].tolist() == [5, 5, 5, 0, 2, 4]


def test_order_training_sub_clips_never_overlap():
    sampler = TemporalOrderSampler(sub_clip_len=8)
    labels, gaps = [], set()
    for _ in range(200):
        results = sampler(dict(total_frames=30))
        head, tail = results['frame_inds'].reshape(2, 8)
        x1, x2 = (head, tail) if results['label'] == 0 else (tail, head)
        assert (np.diff(x1) == 1).all() and (np.diff(x2) == 1).all()
        assert x1[-1] < x2[0]
        assert x1[0] >= 0 and x2[-1] <= 29
        labels.append(results['label'])
        gaps.add(int(x2[0] - x1[-1]))
    assert 70 < sum(labels) < 130
    assert min(gaps) == 1 and max(gaps) > 10


def test_sync_pair_decodes_through_mmaction_pipeline(tmp_path):
    video = write_index_video(str(tmp_path / 'index.mp4'), num_frames=40)
    pipeline = Compose([
        dict(type='DecordInit'),
        dict(type='SyncPairSampler', clip_len=8, test_mode=True),
        dict(type='DecordDecode'),
        dict(type='FormatShape', input_format='NCTHW'),
        dict(type='PackActionInputs'),
    ])
    packed = pipeline(dict(filename=video, sample_idx=1, label=9))
    inputs = packed['inputs']
    assert inputs.shape == (2, 3, 8, 64, 64)
    decoded = [[
        read_frame_index(inputs[clip, :, t].permute(1, 2, 0).numpy())
        for t in range(8)
    ] for clip in range(2)]
    assert decoded == list(map(list, SYNC_PAIRS_40_FRAMES[1]))
    assert packed['data_samples'].gt_labels.item.tolist() == [1]


def test_order_clip_decodes_through_mmaction_pipeline(tmp_path):
    video = write_index_video(str(tmp_path / 'index.mp4'), num_frames=40)
    pipeline = Compose([
        dict(type='DecordInit'),
        dict(type='TemporalOrderSampler', sub_clip_len=8, test_mode=True),
        dict(type='DecordDecode'),
        dict(type='FormatShape', input_format='NCTHW'),
        dict(type='PackActionInputs'),
    ])
    packed = pipeline(dict(filename=video, sample_idx=1, label=9))
    assert packed['inputs'].shape == (1, 3, 16, 64, 64)
    decoded = [
        read_frame_index(packed['inputs'][0, :, t].permute(1, 2, 0).numpy())
        for t in range(16)
    ]
    assert decoded == span(24, 8) + span(8, 8)
    assert packed['data_samples'].gt_labels.item.tolist() == [1]
