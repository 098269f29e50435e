import os.path as osp
import runpy
import sys
from collections import Counter

import decord
import numpy as np
import pytest

from mmssl.datasets.toy import (MOTION_TYPES, SHAPES, TEXTURES,
                                generate_toy_dataset, render_shape,
                                sample_toy_video, sample_trajectory,
                                write_video)

TINY = dict(num_train=10, num_val=5, num_frames=24, size=32, seed=3)
SCRIPT = osp.join(
    osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__)))), 'tools',
    'data', 'toy', 'generate_toy_dataset.py')


def read_lines(path):
    with open(path) as f:
        return f.read().splitlines()


def decode(path):
    reader = decord.VideoReader(path)
    return reader.get_batch(list(range(len(reader)))).asnumpy()


@pytest.fixture(scope='module')
def tiny_dataset(tmp_path_factory):
    out_dir = str(tmp_path_factory.mktemp('toy'))
    return generate_toy_dataset(out_dir, **TINY)


def test_annotation_lists(tiny_dataset):
    train = read_lines(tiny_dataset['train'])
    val = read_lines(tiny_dataset['val'])
    assert train[:6] == [
        'linear/train_00000.mp4 0', 'projectile/train_00001.mp4 1',
        'local/train_00002.mp4 2', 'oscillatory/train_00003.mp4 3',
        'random/train_00004.mp4 4', 'linear/train_00005.mp4 0'
    ]
    assert len(train) == 10 and len(val) == 5
    for lines, per_class in ((train, 2), (val, 1)):
        labels = Counter(int(line.split()[1]) for line in lines)
        assert labels == {label: per_class for label in range(5)}
        for line in lines:
            path, label = line.split()
            assert path.split('/')[0] == MOTION_TYPES[int(label)]
    assert read_lines(tiny_dataset['classes']) == list(MOTION_TYPES)


def test_decord_reads_every_video(tiny_dataset):
    for split_index, split in enumerate(('train', 'val')):
        for index, line in enumerate(read_lines(tiny_dataset[split])):
            path, label = line.split()
            frames = decode(osp.join(tiny_dataset['videos'], path))
            assert frames.shape == (24, 32, 32, 3)
            rng = np.random.default_rng([TINY['seed'], split_index, index])
            expected = sample_toy_video(rng, MOTION_TYPES[int(label)], 24, 32)
            # mp4v at 32 px costs 4-10 grey levels on average; another
            # video of the same class is 60-130 levels away.
            error = np.abs(frames.astype(np.int64) - expected).mean()
            assert error < 15, f'{path}: mean decoding error {error:.1f}'


def test_mmaction_video_dataset_loads(tiny_dataset):
    from mmaction.datasets import VideoDataset
    dataset = VideoDataset(
        tiny_dataset['val'],
        pipeline=[
            dict(type='DecordInit'),
            dict(type='SampleFrames', clip_len=8, frame_interval=3,
                 num_clips=1, test_mode=True),
            dict(type='DecordDecode')
        ],
        data_prefix=dict(video=tiny_dataset['videos']),
        test_mode=True)
    assert len(dataset) == 5
    sample = dataset[3]
    assert sample['label'] == 3 and sample['total_frames'] == 24
    assert sample['filename'] == osp.join(tiny_dataset['videos'],
                                          'oscillatory/val_00003.mp4')
    assert len(sample['imgs']) == 8
    assert sample['imgs'][0].shape == (32, 32, 3)


def test_deterministic_under_seed(tiny_dataset, tmp_path):
    again = generate_toy_dataset(str(tmp_path / 'again'), workers=2, **TINY)
    other_seed = dict(TINY, seed=4, num_val=0)
    other = generate_toy_dataset(str(tmp_path / 'other'), **other_seed)
    for split in ('train', 'val', 'classes'):
        with open(tiny_dataset[split], 'rb') as f1, \
                open(again[split], 'rb') as f2:
            assert f1.read() == f2.read()
    for line in read_lines(tiny_dataset['train']):
        path = line.split()[0]
        frames = decode(osp.join(tiny_dataset['videos'], path))
        assert np.array_equal(frames,
                              decode(osp.join(again['videos'], path)))
        assert not np.array_equal(frames,
                                  decode(osp.join(other['videos'], path)))


def test_invalid_arguments(tmp_path):
    with pytest.raises(ValueError, match='size=33: expected an even'):
        generate_toy_dataset(str(tmp_path), size=33)
    with pytest.raises(ValueError, match='num_frames=4: expected an integer'):
        generate_toy_dataset(str(tmp_path), num_frames=4)
    with pytest.raises(KeyError, match="'spiral' is not one of"):
        sample_trajectory('spiral', np.random.default_rng(0), 8, 0, 10)


def test_cli(tmp_path, monkeypatch, capsys):
    out = tmp_path / 'toy'
    argv = [
        SCRIPT, '--out',
        str(out), '--num-train', '5', '--num-val', '0', '--frames', '16',
        '--size', '32', '--fps', '10', '--seed', '1', '--max-drift', '0'
    ]
    monkeypatch.setattr(sys, 'argv', argv)
    runpy.run_path(SCRIPT, run_name='__main__')
    assert len(read_lines(out / 'train.txt')) == 5
    assert read_lines(out / 'val.txt') == []
    reader = decord.VideoReader(str(out / 'videos' / 'random' /
                                    'train_00004.mp4'))
    assert len(reader) == 16 and reader.get_avg_fps() == 10
    monkeypatch.setattr(sys, 'argv', argv + ['--size', '31'])
    with pytest.raises(SystemExit) as exit_info:
        runpy.run_path(SCRIPT, run_name='__main__')
    assert exit_info.value.code == 1
    assert 'size=31: expected an even frame size' in capsys.readouterr().err


def trajectories(motion_type, num=20, num_frames=96, low=10, high=53):
    for seed in range(num):
        yield sample_trajectory(motion_type, np.random.default_rng(seed),
                                num_frames, low, high)


@pytest.mark.parametrize('motion_type', MOTION_TYPES)
def test_trajectories_stay_in_frame(motion_type):
    for centers, angles in trajectories(motion_type):
        assert centers.shape == (96, 2) and angles.shape == (96, )
        assert centers.min() >= 10 - 1e-9 and centers.max() <= 53 + 1e-9


def test_motion_types_differ():
    span = 43
    for centers, angles in trajectories('linear'):
        assert np.abs(np.diff(centers, n=2, axis=0)).max() < 1e-9
        assert np.linalg.norm(centers[-1] - centers[0]) >= 0.4 * span - 1e-9
        assert np.ptp(angles) == 0
    for centers, _ in trajectories('projectile'):
        accel = np.diff(centers, n=2, axis=0)
        assert np.abs(accel[:, 0]).max() < 1e-9
        assert accel[0, 1] > 0 and np.ptp(accel[:, 1]) < 1e-9
        assert np.ptp(centers[:, 1]) > 0.25 * span
    for centers, angles in trajectories('local'):
        assert np.abs(centers - centers.mean(axis=0)).max() < 0.1 * span
        spin = np.diff(angles)
        assert np.ptp(spin) < 1e-9 and np.abs(spin[0]) >= 0.03
    for centers, _ in trajectories('oscillatory'):
        along = centers @ principal_axis(centers)
        assert velocity_reversals(along) >= 4
        assert np.ptp(along) > 0.1 * span
        assert off_axis_spread(centers) < 1e-9
    for centers, _ in trajectories('random'):
        steps = np.diff(centers, axis=0)
        headings = np.arctan2(steps[:, 1], steps[:, 0])
        turns = np.abs(np.angle(np.exp(1j * np.diff(headings))))
        assert (turns > np.pi / 8).sum() >= 2
        assert off_axis_spread(centers) > 1
        assert np.ptp(centers, axis=0).max() > 0.25 * span


def principal_axis(centers):
    centered = centers - centers.mean(axis=0)
    return np.linalg.svd(centered, full_matrices=False)[2][0]


def off_axis_spread(centers):
    """Largest distance of a point from the trajectory's principal line."""
    centered = centers - centers.mean(axis=0)
    normal = np.linalg.svd(centered, full_matrices=False)[2][1]
    return np.abs(centered @ normal).max()


def velocity_reversals(positions, min_step=0.05):
    velocity = np.diff(positions)
    signs = np.sign(velocity[np.abs(velocity) > min_step])
    return int((np.diff(signs) != 0).sum())


def test_tracked_centroid_follows_motion(tmp_path):
    """Render each motion type on a black background, encode, decode and
    track the shape's centroid."""
    num_frames, size, radius = 48, 64, 8
    colors = np.array([[255., 40., 40.], [40., 40., 255.]])
    texture = TEXTURES['checker'](np.random.default_rng(0), radius)
    tracks = {}
    for motion_type in MOTION_TYPES:
        centers, angles = sample_trajectory(motion_type,
                                            np.random.default_rng(7),
                                            num_frames, radius,
                                            size - 1 - radius)
        frames = np.zeros((num_frames, size, size, 3))
        render_shape(frames, centers, angles, 'square', radius, texture,
                     colors)
        path = str(tmp_path / f'{motion_type}.mp4')
        write_video(path, frames.astype(np.uint8), fps=25)
        mask = decode(path).astype(np.int64).sum(axis=-1) > 120
        ys, xs = np.mgrid[:size, :size]
        area = mask.sum(axis=(1, 2))
        track = np.stack([(mask * xs).sum(axis=(1, 2)) / area,
                          (mask * ys).sum(axis=(1, 2)) / area], axis=1)
        assert np.abs(track - centers).max() < 1.0, motion_type
        tracks[motion_type] = track

    t = np.arange(num_frames)

    def fit_error(values, degree):
        coeffs = np.polyfit(t, values, degree)
        return np.abs(np.polyval(coeffs, t) - values).max(), coeffs

    for axis in range(2):
        assert fit_error(tracks['linear'][:, axis], 1)[0] < 1.0
    assert np.linalg.norm(tracks['linear'][-1] - tracks['linear'][0]) > 8
    error, coeffs = fit_error(tracks['projectile'][:, 1], 2)
    assert error < 1.0 and coeffs[0] > 0.005
    local = tracks['local']
    assert np.abs(local - local.mean(axis=0)).max() < 3
    oscillatory = tracks['oscillatory'] @ principal_axis(tracks['oscillatory'])
    assert velocity_reversals(oscillatory, min_step=0.3) >= 2
    assert np.ptp(oscillatory) > 10
    assert off_axis_spread(tracks['oscillatory']) < 1.0
    random_walk = tracks['random']
    assert max(fit_error(random_walk[:, axis], 2)[0] for axis in range(2)) > 2
    assert off_axis_spread(random_walk) > 2


def test_shape_masks_are_centred():
    ys, xs = np.mgrid[-20:21, -20:21].astype(float)
    for name, mask_fn in SHAPES.items():
        mask = mask_fn(xs + 0.3, ys - 0.2, 12.0)
        centroid = (xs[mask].mean(), ys[mask].mean())
        assert np.allclose(centroid, (-0.3, 0.2), atol=0.3), name
        assert 0.4 * np.pi * 144 < mask.sum() <= np.pi * 144 + 40, name
