import cv2
import numpy as np
import pytest

from mmssl.datasets.transforms import (MultiClipColorJitter, MultiClipFlip,
                                       MultiClipGaussianBlur,
                                       MultiClipRandomGrayscale,
                                       MultiClipRandomResizedCrop,
                                       MultiClipRotation)
from mmssl.datasets.transforms.spatial import sample_crop_box
from mmssl.errors import ConfigValueError
from mmssl.registry import TRANSFORMS


def random_results(num_clips=3, clip_len=4, height=24, width=32, seed=0):
    """Multi-clip results with N * T random uint8 frames."""
    rng = np.random.default_rng(seed)
    imgs = [
        rng.integers(0, 256, (height, width, 3), dtype=np.uint8)
        for _ in range(num_clips * clip_len)
    ]
    return dict(imgs=imgs, num_clips=num_clips, clip_len=clip_len)


def constant_results(values, clip_len):
    """One clip per entry of ``values``; every frame of clip i is a uniform
    gray image of ``values[i][t]`` (or ``values[i]`` for all t)."""
    imgs = []
    for clip in values:
        levels = np.broadcast_to(clip, (clip_len, ))
        imgs += [np.full((6, 6, 3), v, np.uint8) for v in levels]
    return dict(imgs=imgs, num_clips=len(values), clip_len=clip_len)


def clip_frames(results, i):
    t = results['clip_len']
    return results['imgs'][i * t:(i + 1) * t]


def test_sample_crop_box_respects_ranges():
    np.random.seed(0)
    for _ in range(200):
        x1, y1, x2, y2 = sample_crop_box(60, 80, (0.2, 0.6), (0.5, 2.0))
        w, h = x2 - x1, y2 - y1
        assert 0 <= x1 < x2 <= 80 and 0 <= y1 < y2 <= 60
        assert 0.2 - 0.03 <= w * h / 4800 <= 0.6 + 0.03
        assert 0.5 - 0.05 <= w / h <= 2.0 + 0.05


def test_sample_crop_box_fallback_is_centred():
    # a 2:1 frame cannot hold a full-area box of ratio <= 4/3
    box = sample_crop_box(50, 100, (1.0, 1.0), (3 / 4, 4 / 3))
    np.testing.assert_array_equal(box, [16, 0, 83, 50])


@pytest.mark.parametrize('scope', ['clip', 'video'])
def test_crop_same_box_for_frames_of_a_clip(scope):
    np.random.seed(1)
    results = random_results(num_clips=4)
    source = list(results['imgs'])
    crop = MultiClipRandomResizedCrop(size=(8, 10), scope=scope)
    results = crop(results)

    boxes = results['crop_bboxes']
    assert boxes.shape == (4, 4) and boxes.dtype == np.int64
    assert results['img_shape'] == (8, 10)
    for k, img in enumerate(results['imgs']):
        x1, y1, x2, y2 = boxes[k // 4]
        expected = cv2.resize(source[k][y1:y2, x1:x2], (10, 8))
        np.testing.assert_array_equal(img, expected)
    distinct_boxes = {tuple(b) for b in boxes}
    assert len(distinct_boxes) == (4 if scope == 'clip' else 1)


def test_crop_full_area_is_resize():
    results = random_results(num_clips=2, height=24, width=32)
    source = list(results['imgs'])
    crop = MultiClipRandomResizedCrop(
        size=12, area_range=(1.0, 1.0), aspect_ratio_range=(4 / 3, 4 / 3))
    results = crop(results)
    np.testing.assert_array_equal(results['crop_bboxes'], [[0, 0, 32, 24]] * 2)
    np.testing.assert_array_equal(results['imgs'][5],
                                  cv2.resize(source[5], (12, 12)))


def test_crop_rejects_bad_arguments():
    with pytest.raises(ValueError, match="scope='frame'"):
        MultiClipRandomResizedCrop(size=8, scope='frame')
    with pytest.raises(ValueError, match='area_range'):
        MultiClipRandomResizedCrop(size=8, area_range=(0.5, 1.5))
    with pytest.raises(ValueError, match="interpolation='cubic'"):
        MultiClipRandomResizedCrop(size=8, interpolation='cubic')


def test_frame_count_mismatch_names_the_numbers():
    results = random_results(num_clips=2, clip_len=4)
    results['imgs'].pop()
    with pytest.raises(ValueError, match='7 frames.*2 \\* 4 = 8'):
        MultiClipFlip()(results)


@pytest.mark.parametrize('scope', ['clip', 'video'])
def test_flip_consistent_within_clip(scope):
    np.random.seed(3)
    results = random_results(num_clips=6)
    source = list(results['imgs'])
    results = MultiClipFlip(prob=0.5, scope=scope)(results)

    flags = results['flip_flags']
    assert flags.shape == (6, )
    if scope == 'clip':
        assert 0 < flags.sum() < 6
    else:
        assert len(set(flags)) == 1
    for k, img in enumerate(results['imgs']):
        expected = source[k][:, ::-1] if flags[k // 4] else source[k]
        np.testing.assert_array_equal(img, expected)


def marked_results(num_clips, size=6, clip_len=2):
    """Black square frames with a white 2x2 top-left corner."""
    frame = np.zeros((size, size, 3), np.uint8)
    frame[:2, :2] = 255
    return dict(
        imgs=[frame.copy() for _ in range(num_clips * clip_len)],
        num_clips=num_clips,
        clip_len=clip_len)


def marked_corner(img):
    """(row, col) quadrant of the white mark: 0 top/left, 1 bottom/right."""
    rows, cols = np.nonzero(img[..., 0])
    return int(rows.mean() > img.shape[0] /
               2), int(cols.mean() > img.shape[1] / 2)


# counter-clockwise rotation moves the top-left corner to these quadrants
CORNER_AFTER_ROTATION = {0: (0, 0), 90: (1, 0), 180: (1, 1), 270: (0, 1)}


def test_rotation_labels_match_pixels():
    np.random.seed(4)
    rotate = MultiClipRotation()
    results = rotate(marked_results(num_clips=12))

    labels = results['rotation_labels']
    assert labels.dtype == np.int64 and labels.shape == (12, )
    assert set(labels) == {0, 1, 2, 3}
    for k, img in enumerate(results['imgs']):
        angle = rotate.angles[labels[k // 2]]
        assert marked_corner(img) == CORNER_AFTER_ROTATION[angle]


@pytest.mark.parametrize('assign', ['permutation', 'each'])
def test_rotation_one_clip_per_angle(assign):
    np.random.seed(5)
    rotate = MultiClipRotation(
        angles=(180, 0, 90), assign=assign, label_key='spatial_labels')
    results = rotate(marked_results(num_clips=3))
    labels = results['spatial_labels']
    assert sorted(labels) == [0, 1, 2]
    if assign == 'each':
        np.testing.assert_array_equal(labels, [0, 1, 2])
    for k, img in enumerate(results['imgs']):
        angle = rotate.angles[labels[k // 2]]
        assert marked_corner(img) == CORNER_AFTER_ROTATION[angle]

    with pytest.raises(
            ValueError, match='num_clips must be 3, got '
            'num_clips=4'):
        rotate(marked_results(num_clips=4))


def test_rotation_rejects_non_square_and_bad_angles():
    results = random_results(num_clips=2, height=4, width=6)
    with pytest.raises(ValueError, match='4x6'):
        MultiClipRotation()(results)
    assert MultiClipRotation(angles=(0,
                                     180))(results)['imgs'][0].shape == (4, 6,
                                                                         3)
    with pytest.raises(ValueError, match='angles=\\(0, 45\\)'):
        MultiClipRotation(angles=(0, 45))


def jitter(scope='clip', **factors):
    kwargs = dict(brightness=0, contrast=0, saturation=0, hue=0)
    kwargs.update(factors)
    return MultiClipColorJitter(prob=1., scope=scope, **kwargs)


def test_color_adjustments_hand_computed():
    gray = constant_results([100], clip_len=1)
    out = jitter(brightness=(0.5, 0.5))(gray)['imgs'][0]
    assert (out == 50).all()

    red = dict(
        imgs=[np.full((2, 2, 3), (255, 0, 0), np.uint8)],
        num_clips=1,
        clip_len=1)
    out = jitter(saturation=(0., 0.))(dict(red))['imgs'][0]
    assert (out == 76).all()  # 0.299 * 255
    out = jitter(hue=(1 / 3, 1 / 3))(dict(red))['imgs'][0]
    assert (out == (0, 255, 0)).all()  # a third of the hue circle


@pytest.mark.parametrize('scope,expected', [
    ('clip', [[150, 150], [60, 60]]),
    ('frame', [[100, 200], [40, 80]]),
    ('video', [[105, 105], [105, 105]]),
])
def test_contrast_mean_follows_scope(scope, expected):
    # contrast 0 maps every pixel to the mean gray of its group
    results = constant_results([[100, 200], [40, 80]], clip_len=2)
    results = jitter(scope, contrast=(0., 0.))(results)
    levels = [img[0, 0, 0] for img in results['imgs']]
    np.testing.assert_array_equal(levels, np.ravel(expected))


def test_jitter_parameters_shared_per_clip_not_per_frame():
    np.random.seed(6)
    values = [[100, 200, 100, 200]] * 3
    clip = jitter('clip', brightness=0.5)(constant_results(values, 4))
    for i in range(3):
        low, high, low2, high2 = (
            int(f[0, 0, 0]) for f in clip_frames(clip, i))
        assert low == low2 and high == high2 and abs(high - 2 * low) <= 1
    assert len({clip_frames(clip, i)[0][0, 0, 0] for i in range(3)}) == 3

    frame = jitter('frame', brightness=0.5)(constant_results(values, 4))
    lows = [f[0, 0, 0] for f in frame['imgs'][::2]]
    assert len(set(lows)) > 3


def test_jitter_prob_and_arguments():
    results = constant_results([100], clip_len=2)
    untouched = MultiClipColorJitter(prob=0.)(results)
    assert all((img == 100).all() for img in untouched['imgs'])
    with pytest.raises(ValueError, match='hue=0.7'):
        MultiClipColorJitter(hue=0.7)
    with pytest.raises(ValueError, match='brightness=-0.1'):
        MultiClipColorJitter(brightness=-0.1)


@pytest.mark.parametrize('scope', ['clip', 'frame'])
def test_random_grayscale_scope(scope):
    np.random.seed(7)
    results = random_results(num_clips=8, clip_len=4)
    results = MultiClipRandomGrayscale(prob=0.5, scope=scope)(results)
    is_gray = np.array([(img[..., 0] == img[..., 2]).all()
                        for img in results['imgs']]).reshape(8, 4)
    assert 0 < is_gray.sum() < 32
    if scope == 'clip':
        assert (is_gray.all(axis=1) | ~is_gray.any(axis=1)).all()
    else:
        assert not (is_gray.all(axis=1) | ~is_gray.any(axis=1)).all()


def test_gaussian_blur_sigma_per_clip():
    np.random.seed(8)
    impulse = np.zeros((15, 15, 3), np.uint8)
    impulse[7, 7] = 255
    results = dict(imgs=[impulse] * 6, num_clips=3, clip_len=2)
    blur = MultiClipGaussianBlur(sigma_range=(0.5, 2.0), prob=1.)
    results = blur(results)
    peaks = [img[7, 7, 0] for img in results['imgs']]
    assert peaks[0] == peaks[1] and peaks[2] == peaks[3]
    assert len(set(peaks)) == 3 and max(peaks) < 255
    blurred = results['imgs'][0][..., 0]
    np.testing.assert_array_equal(blurred, blurred.T)
    widest, narrowest = (
        cv2.GaussianBlur(impulse, (0, 0), s)[7, 7, 0] for s in (2.0, 0.5))
    assert all(widest <= p <= narrowest for p in peaks)


def test_transforms_build_from_config():
    for cfg in [
            dict(type='MultiClipRandomResizedCrop', size=112, scope='video'),
            dict(type='MultiClipFlip'),
            dict(type='MultiClipRotation', assign='permutation'),
            dict(type='MultiClipColorJitter', scope='frame'),
            dict(type='MultiClipRandomGrayscale'),
            dict(type='MultiClipGaussianBlur'),
    ]:
        transform = TRANSFORMS.build(cfg)
        assert repr(transform).startswith(cfg['type'] + '(')


def views_results(view_labels, seed=0):
    """``random_results`` with one clip per entry of ``view_labels``."""
    results = random_results(num_clips=len(view_labels), seed=seed)
    results['view_labels'] = np.array(view_labels, np.int64)
    return results


def changed_clips(before, after):
    """Per clip: does any of its frames differ?"""
    return [
        any(not np.array_equal(a, b)
            for a, b in zip(clip_frames(before, i), clip_frames(after, i)))
        for i in range(before['num_clips'])
    ]


@pytest.mark.parametrize('scope', ['clip', 'video', 'frame'])
def test_jitter_restricted_to_views_leaves_diff_clips_bit_identical(scope):
    # rgb, rgb, static, static, diff, diff
    labels = [0, 0, 1, 1, 2, 2]
    jitter = dict(brightness=0.4, saturation=0.4, hue=0.1, contrast=0,
                  prob=1.0, scope=scope)
    source = views_results(labels)
    np.random.seed(3)
    restricted = MultiClipColorJitter(**jitter, views=('rgb', 'static'))(
        dict(source, imgs=list(source['imgs'])))
    np.random.seed(3)
    everywhere = MultiClipColorJitter(**jitter)(
        dict(source, imgs=list(source['imgs'])))
    assert changed_clips(source, restricted) == [True] * 4 + [False] * 2
    # The same draws as without views: the selected clips match exactly.
    for i in range(4):
        for a, b in zip(clip_frames(restricted, i),
                        clip_frames(everywhere, i)):
            np.testing.assert_array_equal(a, b)
    assert changed_clips(source, everywhere) == [True] * 6


def test_views_default_to_rgb_without_view_labels():
    np.random.seed(0)
    source = random_results(num_clips=2)
    blur = dict(sigma_range=(1.0, 2.0), prob=1.0)
    static_only = MultiClipGaussianBlur(**blur, views=('static', ))(
        dict(source, imgs=list(source['imgs'])))
    assert changed_clips(source, static_only) == [False, False]
    rgb_only = MultiClipGaussianBlur(**blur, views=['rgb'])(
        dict(source, imgs=list(source['imgs'])))
    assert changed_clips(source, rgb_only) == [True, True]


def test_flip_and_crop_record_only_the_clips_they_changed():
    np.random.seed(0)
    results = views_results([0, 2, 0])
    results = MultiClipFlip(prob=1.0, views=('rgb', ))(results)
    assert results['flip_flags'].tolist() == [True, False, True]
    # Clip 1 already has the crop size (24x32), so it may stay as it is.
    crop = MultiClipRandomResizedCrop(size=(24, 32), views=('rgb', ))
    results = crop(results)
    assert results['crop_bboxes'][1].tolist() == [0, 0, 32, 24]
    assert (results['crop_bboxes'][[0, 2], 2:] <= [32, 24]).all()
    with pytest.raises(ConfigValueError, match='leaves clip 1 at 24x32'):
        MultiClipRandomResizedCrop(size=8, views=('rgb', ))(
            views_results([0, 2, 0]))


def test_views_must_be_known_names():
    with pytest.raises(ConfigValueError, match="unknown view 'flow'"):
        MultiClipColorJitter(views=('rgb', 'flow'))
    with pytest.raises(ConfigValueError, match="views='rgb'"):
        MultiClipFlip(views='rgb')
    with pytest.raises(ConfigValueError, match=r'shape \(2,\)'):
        MultiClipRandomGrayscale(views=('rgb', ))(
            dict(random_results(num_clips=3), view_labels=np.zeros(2)))


def test_views_in_repr():
    for transform in (MultiClipColorJitter(views=['rgb', 'static']),
                      MultiClipGaussianBlur(views=('rgb', 'static')),
                      MultiClipRandomGrayscale(views=('diff', )),
                      MultiClipFlip(views=('diff', )),
                      MultiClipRandomResizedCrop(8, views=('diff', ))):
        assert repr(transform).endswith(
            f"scope={transform.scope!r}, views={transform.views})")
    assert MultiClipColorJitter(views=['rgb', 'static']).views == (
        'rgb', 'static')
    assert repr(MultiClipFlip()).endswith("scope='clip', views=None)")
