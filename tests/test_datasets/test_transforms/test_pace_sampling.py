"""Pace Prediction's clip sampling: every pace design of the supplement, as
shipped in configs/pace/, gives each clip the label of the frames it took."""
import os.path as osp
from itertools import permutations

import numpy as np
import pytest
from mmengine.config import Config
from mmengine.dataset import Compose

from mmssl.datasets.step_args import resolved_pipeline
from mmssl.errors import ConfigValueError
from mmssl.registry import TRANSFORMS
from mmssl.testing import read_frame_index, write_index_video
from tests.conftest import REPO_ROOT

PACE = osp.join(REPO_ROOT, 'configs', 'pace')
FORWARD, BACKWARD, EITHER = {1}, {-1}, {1, -1}


def fast(*paces, directions=FORWARD):
    """Expected (directions, frame step, repeats) of fast paces."""
    return [(directions, pace, 1) for pace in paces]


def slow(*repeats):
    """Expected (directions, frame step, repeats) of slow paces 1/k."""
    return [(FORWARD, 1, k) for k in repeats]


#: Config -> per class (the label) the clip's directions, frame step and
#: how often each frame repeats, written out from the supplement's tables.
DESIGNS = {
    # Table 1: p = [1, max], max - 1 + 1 classes.
    'r3d18_ucf101_pace1-3.py': fast(1, 2, 3),
    'r3d18_ucf101_pace1-4.py': fast(1, 2, 3, 4),
    'r3d18_ucf101_pace1-5.py': fast(1, 2, 3, 4, 5),
    'r3d18_ucf101_pace1-6.py': fast(1, 2, 3, 4, 5, 6),
    # Table 2: baseline [1, 2, 3, 4], slow [1/4, 1/3, 1/2, 1], slow-fast.
    'r3d18_ucf101.py': fast(1, 2, 3, 4),
    'r3d18_ucf101_slow.py': slow(4, 3, 2, 1),
    'r3d18_ucf101_slowfast.py': slow(3, 2, 1) + fast(2, 3),
    # Table 3: steps 2 and 3.
    'r3d18_ucf101_steps1357.py': fast(1, 3, 5, 7),
    'r3d18_ucf101_steps14710.py': fast(1, 4, 7, 10),
    # Table 4: random backwards (folded, 4 classes), backwards (8 classes).
    'r3d18_ucf101_randbackward.py': fast(1, 2, 3, 4, directions=EITHER),
    'r3d18_ucf101_backward.py':
    fast(1, 2, 3, 4) + fast(1, 2, 3, 4, directions=BACKWARD),
}
#: Frames of the test videos: shorter than most spans (16 x 10 = 160 at pace
#: 10), so clips loop, and longer than twice the largest step, so that a
#: step is read unambiguously modulo the length.
VIDEO_LEN = 48


def load(name):
    return Config.fromfile(osp.join(PACE, name))


def train_pipeline(cfg):
    """The training pipeline inside the RepeatDataset of the UCF101 base,
    with the leaf's ``step_args``."""
    return resolved_pipeline(cfg.train_dataloader.dataset.dataset)


def sampler_step(pipeline):
    (step, ) = [s for s in pipeline if s['type'] == 'MultiClipSampler']
    return step


def read_clip(frames, video_len):
    """(direction, frame step, repeats, wrapped) of one clip's indices.

    Consecutive indices are compared modulo the video length, read as a step
    in (-L/2, L/2]; a clip must move by one constant step, possibly after
    repeating each frame the same number of times.
    """
    frames = np.asarray(frames)
    steps = (np.diff(frames) + video_len // 2) % video_len - video_len // 2
    moves = steps[steps != 0]
    assert len(set(moves.tolist())) == 1, frames
    step = int(moves[0])
    change = np.flatnonzero(steps)
    repeats = int(change[0]) + 1
    runs = np.diff(np.concatenate([[-1], change]))
    assert (runs == repeats).all(), frames
    wrapped = bool((np.diff(frames) * np.sign(step) < 0).any())
    return int(np.sign(step)), abs(step), repeats, wrapped


def check_clips(frames, labels, design, clip_len, video_len):
    """Assert every clip matches its label; returns the clips' directions
    by label and whether any clip looped past the end."""
    directions = {}
    wrapped = False
    for clip, label in zip(np.reshape(frames, (-1, clip_len)), labels):
        direction, step, repeats, clip_wrapped = read_clip(clip, video_len)
        allowed, expected_step, expected_repeats = design[label]
        assert direction in allowed and (step, repeats) == (
            expected_step, expected_repeats), (label, clip.tolist())
        directions.setdefault(int(label), set()).add(direction)
        wrapped |= clip_wrapped
    return directions, wrapped


@pytest.fixture(autouse=True)
def seeded():
    np.random.seed(0)


@pytest.mark.parametrize('name', sorted(DESIGNS))
def test_class_count_follows_the_design(name):
    cfg = load(name)
    train = TRANSFORMS.build(sampler_step(train_pipeline(cfg)))
    val = TRANSFORMS.build(
        sampler_step(resolved_pipeline(cfg.val_dataloader.dataset)))
    expected = len(DESIGNS[name])
    assert train.label_spaces() == val.label_spaces() == {
        'temporal_labels': expected
    }
    assert cfg.model.heads.pace.num_classes == expected


@pytest.mark.parametrize('name', sorted(DESIGNS))
def test_training_clips_carry_the_label_of_their_frames(name):
    design = DESIGNS[name]
    step = sampler_step(train_pipeline(load(name)))
    sampler = TRANSFORMS.build(step)
    starts, labels_seen, directions, wrapped = set(), [], {}, False
    for _ in range(400):
        results = sampler(dict(total_frames=VIDEO_LEN))
        labels = results['temporal_labels']
        assert labels.shape == (1, )
        frames = results['frame_inds']
        assert frames.min() >= 0 and frames.max() < VIDEO_LEN
        seen, clip_wrapped = check_clips(frames, labels, design,
                                         step.clip_len, VIDEO_LEN)
        for label, dirs in seen.items():
            directions.setdefault(label, set()).update(dirs)
        wrapped |= clip_wrapped
        labels_seen.append(int(labels[0]))
        starts.add(int(frames[0]))
    # Every pace is drawn, about uniformly.
    counts = np.bincount(labels_seen, minlength=len(design))
    assert counts.min() > 400 / len(design) / 2
    # Starts anywhere in the video, looping past its end.
    assert wrapped and min(starts) < 4 and max(starts) >= VIDEO_LEN - 4
    # Random backwards plays each pace both ways under one label.
    for label, (allowed, _, _) in enumerate(design):
        assert directions[label] == allowed


@pytest.mark.parametrize('name', sorted(DESIGNS))
def test_held_out_clips_give_every_pace_once(name):
    design = DESIGNS[name]
    step = sampler_step(resolved_pipeline(load(name).val_dataloader.dataset))
    results = TRANSFORMS.build(step)(
        dict(total_frames=VIDEO_LEN, sample_idx=3))
    labels = results['temporal_labels']
    assert labels.tolist() == list(range(len(design)))
    check_clips(results['frame_inds'], labels, design, step.clip_len,
                VIDEO_LEN)


@pytest.fixture(scope='module')
def index_video(tmp_path_factory):
    path = tmp_path_factory.mktemp('pace') / 'index.mp4'
    return write_index_video(str(path), VIDEO_LEN, size=(32, 32))


@pytest.mark.parametrize('name', sorted(DESIGNS))
def test_decoded_frames_of_an_index_video_match_the_labels(name, index_video):
    """The shipped sampler between the decoding steps: the frames decoded
    (read back from the pixels) are the ones the label stands for."""
    design = DESIGNS[name]
    step = sampler_step(train_pipeline(load(name)))
    pipeline = Compose([
        dict(type='DecordOpen'), step,
        dict(type='DecordDecodeOnce')
    ])
    labels_seen, wrapped = set(), False
    for _ in range(8 * len(design)):
        results = pipeline(
            dict(filename=index_video, start_index=0, modality='RGB'))
        shown = [read_frame_index(frame) for frame in results['imgs']]
        assert shown == results['frame_inds'].tolist()
        _, clip_wrapped = check_clips(shown, results['temporal_labels'],
                                      design, step.clip_len, VIDEO_LEN)
        wrapped |= clip_wrapped
        labels_seen.update(results['temporal_labels'].tolist())
    assert wrapped and labels_seen == set(range(len(design)))


def distinct_sampler(**kwargs):
    return TRANSFORMS.build(
        dict(type='MultiClipSampler', clip_len=4, assign='distinct_random',
             transforms=[dict(type='Speed', rate=r) for r in (1, 2, 3, 4)],
             **kwargs))


def test_distinct_random_never_repeats_a_pace_within_a_video():
    sampler = distinct_sampler()
    assert sampler.num_clips == 2
    pairs, first_starts = [], set()
    for _ in range(600):
        results = sampler(dict(total_frames=100))
        labels = results['temporal_labels'].tolist()
        assert labels[0] != labels[1]
        check_clips(results['frame_inds'], labels,
                    fast(1, 2, 3, 4), 4, 100)
        pairs.append(tuple(labels))
        clips = results['frame_inds'].reshape(2, 4)
        first_starts.add(int(clips[1, 0]) - int(clips[0, 0]))
    # All 12 ordered pairs of different paces, about equally often (50).
    counts = {pair: pairs.count(pair) for pair in set(pairs)}
    assert set(counts) == set(permutations(range(4), 2))
    assert min(counts.values()) > 20
    # Each clip has a window of its own.
    assert len(first_starts) > 20


def test_distinct_random_takes_every_transformation_at_most_once():
    sampler = distinct_sampler(num_clips=4)
    for _ in range(20):
        labels = sampler(dict(total_frames=100))['temporal_labels']
        assert sorted(labels.tolist()) == [0, 1, 2, 3]


@pytest.mark.parametrize('num_clips', [0, 5])
def test_distinct_random_needs_enough_transformations(num_clips):
    with pytest.raises(ConfigValueError,
                       match=f'num_clips={num_clips}$') as error:
        distinct_sampler(num_clips=num_clips)
    assert '\n' not in str(error.value)


def test_anywhere_starts_cover_the_video_and_loop():
    sampler = TRANSFORMS.build(
        dict(type='MultiClipSampler', clip_len=3, start_mode='anywhere',
             transforms=[dict(type='Speed', rate=4)]))
    starts = set()
    for _ in range(300):
        clip = sampler(dict(total_frames=10))['frame_inds']
        assert clip.tolist() == [(clip[0] + 4 * k) % 10 for k in range(3)]
        starts.add(int(clip[0]))
    # The span (12 frames) is longer than the video, yet every start occurs.
    assert starts == set(range(10))
    centred = TRANSFORMS.build(
        dict(type='MultiClipSampler', clip_len=3, start_mode='anywhere',
             transforms=[dict(type='Speed', rate=4)], test_mode=True))
    assert centred(dict(total_frames=10))['frame_inds'].tolist() == [4, 8, 2]
