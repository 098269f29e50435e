import os.path as osp

import decord
import numpy as np
import pytest
from mmcv.transforms import Compose

from mmssl.datasets.transforms import VideoDecodeError
from mmssl.datasets.transforms import decoding
from mmssl.testing import (read_frame_index, write_index_frames,
                           write_index_video)

NUM_FRAMES = 48
CLIP_LEN = 6

#: id -> (transformation, steps between the frames of a 6-frame clip).
TRANSFORMATIONS = {
    'speed1': (dict(type='Speed', rate=1), [1] * 5),
    'speed2': (dict(type='Speed', rate=2), [2] * 5),
    'speed3': (dict(type='Speed', rate=3), [3] * 5),
    'slow2': (dict(type='Speed', rate=1 / 2), [0, 1, 0, 1, 0]),
    'slow3': (dict(type='Speed', rate=1 / 3), [0, 0, 1, 0, 0]),
    'slow4': (dict(type='Speed', rate=1 / 4), [0, 0, 0, 1, 0]),
    'reverse': (dict(type='Reverse'), [-1] * 5),
    'signed-2': (dict(type='Reverse', transform=dict(type='Speed',
                                                     rate=2)), [-2] * 5),
    'periodic': (dict(type='Periodic', rate=2), [2, 2, 2, -2, -2]),
}
RANDOM_BACKWARDS = dict(
    type='RandomReverse', transform=dict(type='Speed', rate=3))
WARP = dict(type='Warp', rate=4)
ALL_TRANSFORMATIONS = [t for t, _ in TRANSFORMATIONS.values()
                       ] + [RANDOM_BACKWARDS, WARP]


@pytest.fixture(autouse=True)
def seeded():
    np.random.seed(0)


@pytest.fixture(scope='module')
def media(tmp_path_factory):
    """An mp4, an avi and a frame folder whose frame i shows i."""
    root = tmp_path_factory.mktemp('index_media')
    return dict(
        mp4=write_index_video(str(root / 'index.mp4'), NUM_FRAMES),
        avi=write_index_video(str(root / 'index.avi'), NUM_FRAMES),
        frames=write_index_frames(str(root / 'frames'), NUM_FRAMES))


def load(kind, path, sampler, total_frames=NUM_FRAMES):
    """Run open -> sample -> decode on a video file or a frame folder."""
    sampler = dict(type='MultiClipSampler', **sampler)
    if kind == 'frames':
        results = dict(
            frame_dir=path,
            total_frames=total_frames,
            filename_tmpl='img_{:05d}.jpg',
            start_index=1)
        pipeline = [sampler, dict(type='RawFrameDecodeOnce')]
    else:
        results = dict(filename=path, start_index=0)
        pipeline = [
            dict(type='DecordOpen'), sampler,
            dict(type='DecordDecodeOnce')
        ]
    return Compose(pipeline)(results)


def shown_indices(results):
    """(N, T) indices read back from the decoded frames' pixels."""
    shown = [read_frame_index(img) for img in results['imgs']]
    return np.array(shown).reshape(results['num_clips'], results['clip_len'])


def source_indices(results):
    """(N, T) requested frame indices, counted from frame 0."""
    inds = results['frame_inds'] - results['start_index']
    return inds.reshape(results['num_clips'], results['clip_len'])


def load_one_clip(kind, media, transform):
    """One clip of ``CLIP_LEN`` frames: (T,) shown and requested indices."""
    results = load(kind, media[kind],
                   dict(clip_len=CLIP_LEN, transforms=[transform]))
    assert len(results['imgs']) == CLIP_LEN
    assert results['imgs'][0].shape == (64, 64, 3)
    return shown_indices(results)[0], source_indices(results)[0]


@pytest.mark.parametrize('kind', ['mp4', 'avi', 'frames'])
@pytest.mark.parametrize('name', list(TRANSFORMATIONS))
def test_decoded_clips_hold_exactly_the_transformed_frames(media, kind, name):
    transform, steps = TRANSFORMATIONS[name]
    shown, requested = load_one_clip(kind, media, transform)
    assert shown.tolist() == requested.tolist()
    assert np.diff(shown).tolist() == steps


@pytest.mark.parametrize('kind', ['mp4', 'avi', 'frames'])
def test_decoded_random_transformations(media, kind):
    directions = set()
    for _ in range(6):
        shown, requested = load_one_clip(kind, media, RANDOM_BACKWARDS)
        assert shown.tolist() == requested.tolist()
        assert np.abs(np.diff(shown)).tolist() == [3] * 5
        directions.add(int(np.sign(shown[1] - shown[0])))
    assert directions == {-1, 1}
    shown, requested = load_one_clip(kind, media, WARP)
    assert shown.tolist() == requested.tolist()
    steps = np.diff(shown)
    assert (steps >= 1).all() and len(set(steps.tolist())) > 1


@pytest.mark.parametrize('kind', ['mp4', 'frames'])
def test_shared_start_clips_decode_from_one_frame(media, kind):
    results = load(
        kind, media[kind],
        dict(
            clip_len=CLIP_LEN,
            start_mode='shared',
            transforms=[dict(type='Speed', rate=r) for r in (1, 2, 4)]))
    shown = shown_indices(results)
    start = shown[0, 0]
    assert shown.tolist() == [[start + r * i for i in range(CLIP_LEN)]
                              for r in (1, 2, 4)]


@pytest.mark.parametrize('kind', ['avi', 'frames'])
def test_adjacent_clips_decode_one_after_another(media, kind):
    results = load(
        kind, media[kind],
        dict(
            clip_len=CLIP_LEN,
            start_mode='adjacent',
            transforms=[dict(type='Speed', rate=r) for r in (1, 2)]))
    shown = shown_indices(results).reshape(-1)
    start = shown[0]
    assert shown.tolist() == [start + i for i in range(CLIP_LEN)] + [
        start + CLIP_LEN + 2 * i for i in range(CLIP_LEN)
    ]


@pytest.mark.parametrize('kind', ['mp4', 'frames'])
@pytest.mark.parametrize('policy, expected', [
    ('loop', [0, 10, 20, 30, 40, 2]),
    ('clamp', [0, 10, 20, 30, 40, 47]),
])
def test_short_video_policies_read_only_existing_frames(
        media, kind, policy, expected):
    results = load(
        kind, media[kind],
        dict(
            clip_len=CLIP_LEN,
            short_video=policy,
            transforms=[dict(type='Speed', rate=10)]))
    assert shown_indices(results).reshape(-1).tolist() == expected


def test_video_is_opened_once_and_decoded_in_one_sorted_batch(
        media, monkeypatch):
    opened, batches = [], []
    reader_init = decord.VideoReader.__init__
    get_batch = decord.VideoReader.get_batch

    def counting_init(self, uri, *args, **kwargs):
        opened.append(uri)
        reader_init(self, uri, *args, **kwargs)

    def counting_get_batch(self, indices):
        batches.append(list(indices))
        return get_batch(self, indices)

    monkeypatch.setattr(decord.VideoReader, '__init__', counting_init)
    monkeypatch.setattr(decord.VideoReader, 'get_batch', counting_get_batch)
    results = load(
        'mp4', media['mp4'],
        dict(
            clip_len=8,
            start_mode='shared',
            transforms=[
                dict(type='Speed', rate=1),
                dict(type='Speed', rate=1 / 2),
                dict(type='Periodic'),
                dict(type='Reverse')
            ]))
    assert len(opened) == 1 and len(batches) == 1
    unique = sorted(set(results['frame_inds'].tolist()))
    assert batches[0] == unique and len(unique) == 8
    assert len(results['imgs']) == 32
    assert results['video_reader'] is None


def test_each_unique_frame_image_is_read_once(media, monkeypatch):
    reads = []
    read_file = decoding.read_file

    def counting_read(filepath, backend_args=None):
        reads.append(filepath)
        return read_file(filepath, backend_args)

    monkeypatch.setattr(decoding, 'read_file', counting_read)
    results = load(
        'frames', media['frames'],
        dict(
            clip_len=8,
            start_mode='shared',
            transforms=[dict(type='Speed', rate=1),
                        dict(type='Periodic')]))
    assert len(reads) == len(set(reads)) == 8
    assert reads[0] == osp.join(
        media['frames'], 'img_{:05d}.jpg'.format(results['frame_inds'].min()))


def test_repeated_frames_are_independent_copies(media):
    results = load(
        'mp4', media['mp4'],
        dict(clip_len=4, transforms=[dict(type='Speed', rate=1 / 2)]))
    first, repeat = results['imgs'][0], results['imgs'][1]
    index = read_frame_index(repeat)
    assert index == results['frame_inds'][1] and (first == repeat).all()
    first[...] = 128
    assert read_frame_index(repeat) == index


def test_mixes_with_mmaction_init_sampling_and_decoding(media):
    mmaction_then_mmssl = Compose([
        dict(type='DecordInit'),
        dict(type='SampleFrames', clip_len=4, frame_interval=2, num_clips=2),
        dict(type='DecordDecodeOnce')
    ])
    mmssl_then_mmaction = Compose([
        dict(type='DecordOpen'),
        dict(
            type='MultiClipSampler',
            clip_len=4,
            transforms=[dict(type='Periodic')]),
        dict(type='DecordDecode')
    ])
    for pipeline in (mmaction_then_mmssl, mmssl_then_mmaction):
        results = pipeline(dict(filename=media['avi'], start_index=0))
        shown = [read_frame_index(img) for img in results['imgs']]
        assert shown == results['frame_inds'].tolist()


def test_every_transformation_on_real_videos_matches_single_frames(
        shared_videos):
    for path in shared_videos:
        results = load(
            'video', path,
            dict(
                clip_len=4,
                transforms=ALL_TRANSFORMATIONS,
                short_video='clamp'))
        reader = decord.VideoReader(path, num_threads=1)
        height, width = reader[0].shape[:2]
        num_clips = len(ALL_TRANSFORMATIONS)
        assert results['num_clips'] == num_clips
        assert results['temporal_labels'].tolist() == list(range(num_clips))
        assert np.stack(results['imgs']).shape == (num_clips * 4, height,
                                                   width, 3)
        assert results['frame_inds'].max() < len(reader)
        # One frame at a time, in ascending order to keep seeking cheap.
        single = {
            index: reader[index].asnumpy()
            for index in sorted(set(results['frame_inds'].tolist()))
        }
        for index, img in zip(results['frame_inds'].tolist(), results['imgs']):
            assert np.array_equal(img, single[index]), f'{path} frame {index}'


def damage_jpeg_header(content, frame):
    """Zero the SOF0 segment of one MJPG frame: decoding it fails."""
    content = bytearray(content)
    starts = [
        i for i in range(len(content) - 1) if content[i:i + 2] == b'\xff\xc0'
    ]
    content[starts[frame] + 2:starts[frame] + 19] = bytes(17)
    return bytes(content)


@pytest.fixture(scope='module')
def broken(tmp_path_factory, media):
    """Broken inputs: random bytes, a cut mp4, a damaged avi, an empty file."""
    root = tmp_path_factory.mktemp('broken')
    with open(media['mp4'], 'rb') as file:
        mp4 = file.read()
    with open(media['avi'], 'rb') as file:
        avi = file.read()
    contents = dict(
        garbage=('garbage.mp4', np.random.default_rng(0).bytes(4096)),
        cut_mp4=('cut.mp4', mp4[:len(mp4) // 2]),
        damaged_avi=('damaged.avi', damage_jpeg_header(avi, frame=20)),
        empty=('empty.mp4', b''))
    paths = {}
    for name, (filename, content) in contents.items():
        paths[name] = root / filename
        paths[name].write_bytes(content)
    return {name: str(path) for name, path in paths.items()}


@pytest.mark.parametrize('name, match', [
    ('garbage', 'cannot open video .*garbage.mp4'),
    ('cut_mp4', 'cannot open video .*cut.mp4'),
    ('damaged_avi', 'cannot decode frames 0..47 of video .*damaged.avi'),
    ('empty', 'empty.mp4 is empty \\(0 bytes\\)'),
])
def test_broken_videos_raise_one_line_errors_naming_the_file(
        broken, name, match):
    with pytest.raises(VideoDecodeError, match=match) as info:
        load('video', broken[name],
             dict(clip_len=NUM_FRAMES, transforms=[dict(type='Speed')]))
    assert '\n' not in str(info.value)


def test_missing_video_raises_file_not_found_naming_it(tmp_path):
    missing = str(tmp_path / 'missing.mp4')
    with pytest.raises(FileNotFoundError, match='missing.mp4'):
        load('video', missing,
             dict(clip_len=4, transforms=[dict(type='Speed', rate=1)]))


def test_broken_frame_folders_name_the_frame(media, tmp_path):
    with pytest.raises(FileNotFoundError, match='img_00049.jpg'):
        load(
            'frames',
            media['frames'],
            dict(
                clip_len=4,
                test_mode=True,
                transforms=[dict(type='Speed', rate=1)]),
            total_frames=100)
    folder = write_index_frames(str(tmp_path / 'frames'), 4)
    bad = osp.join(folder, 'img_00002.jpg')
    with open(bad, 'wb') as file:
        file.write(b'not a jpeg')
    with pytest.raises(VideoDecodeError, match='img_00002.jpg'):
        load(
            'frames',
            folder,
            dict(clip_len=4, transforms=[dict(type='Speed', rate=1)]),
            total_frames=4)


def test_decoding_transforms_repr_their_arguments():
    assert repr(decoding.DecordOpen(num_threads=2)) == (
        'DecordOpen(num_threads=2, backend_args=None)')
    assert repr(decoding.DecordDecodeOnce()) == 'DecordDecodeOnce()'
    assert repr(decoding.RawFrameDecodeOnce()).startswith(
        'RawFrameDecodeOnce(')
