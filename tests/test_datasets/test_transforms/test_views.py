import numpy as np
import pytest

from mmssl.datasets.transforms import FrameDiffView, StaticView
from mmssl.datasets.transforms.views import VIEW_LABELS
from mmssl.registry import TRANSFORMS


def random_results(num_clips=2, clip_len=4, seed=0):
    rng = np.random.default_rng(seed)
    imgs = [
        rng.integers(0, 256, (5, 7, 3), dtype=np.uint8)
        for _ in range(num_clips * clip_len)
    ]
    return dict(imgs=imgs, num_clips=num_clips, clip_len=clip_len)


def levels_results(levels):
    """One clip whose frame t is a uniform image of ``levels[t]``."""
    imgs = [np.full((2, 3, 3), v, np.uint8) for v in levels]
    return dict(imgs=imgs, num_clips=1, clip_len=len(levels))


def test_static_view_appends_one_repeated_frame_per_clip():
    np.random.seed(0)
    results = random_results(num_clips=2, clip_len=4)
    source = list(results['imgs'])
    results = StaticView()(results)

    assert results['num_clips'] == 4 and results['clip_len'] == 4
    assert len(results['imgs']) == 16
    np.testing.assert_array_equal(results['view_labels'], [0, 0, 1, 1])
    assert results['view_labels'].dtype == np.int64
    for k in range(8):
        assert results['imgs'][k] is source[k]
    for clip in range(2):
        static = results['imgs'][8 + 4 * clip:12 + 4 * clip]
        assert all((img == static[0]).all() for img in static)
        matches = [(static[0] == frame).all()
                   for frame in source[4 * clip:4 * clip + 4]]
        assert sum(matches) == 1


def test_static_view_source_clips_and_inherited_labels():
    np.random.seed(1)
    results = random_results(num_clips=3, clip_len=2)
    results['temporal_labels'] = np.array([4, 5, 6])
    view = StaticView(source_clips=[2], inherit_label_keys=['temporal_labels'])
    results = view(results)
    assert results['num_clips'] == 4
    np.testing.assert_array_equal(results['temporal_labels'], [4, 5, 6, 6])
    np.testing.assert_array_equal(results['view_labels'], [0, 0, 0, 1])

    with pytest.raises(KeyError, match="'rotation_labels'"):
        StaticView(inherit_label_keys=['rotation_labels'])(random_results())
    with pytest.raises(ValueError, match='\\[5\\] outside'):
        StaticView(source_clips=[0, 5])(random_results())


def test_static_view_replace():
    results = StaticView(mode='replace')(random_results(num_clips=2))
    assert results['num_clips'] == 2 and len(results['imgs']) == 8
    np.testing.assert_array_equal(results['view_labels'], [1, 1])
    with pytest.raises(ValueError, match='source_clips=\\[0\\]'):
        StaticView(mode='replace', source_clips=[0])


@pytest.mark.parametrize('out_dtype,expected', [
    ('uint8', [138, 125, 243, 0, 0]),
    ('float32', [20., -5., 230., -255., -255.]),
])
def test_diff_view_values(out_dtype, expected):
    # differences 20, -5, 230, -255, the last one repeated to keep T = 5;
    # uint8 encodes d as (d + 256) // 2
    results = FrameDiffView(
        mode='replace', out_dtype=out_dtype)(
            levels_results([10, 30, 25, 255, 0]))
    assert results['clip_len'] == 5
    assert results['imgs'][0].dtype == np.dtype(out_dtype)
    for img, value in zip(results['imgs'], expected):
        assert (img == value).all()
    np.testing.assert_array_equal(results['view_labels'], [2])


def test_diff_view_equals_frame_differences():
    results = random_results(num_clips=2, clip_len=4)
    source = np.stack(results['imgs']).astype(np.float32)
    results = FrameDiffView(
        mode='replace', length='shrink', out_dtype='float32')(
            results)
    assert results['clip_len'] == 3 and results['num_clips'] == 2
    diffs = np.stack(results['imgs'])
    expected = np.concatenate(
        [np.diff(source[:4], axis=0),
         np.diff(source[4:], axis=0)])
    np.testing.assert_array_equal(diffs, expected)


def test_diff_view_extremes_fit_uint8():
    results = FrameDiffView(
        mode='replace', length='shrink')(
            levels_results([0, 255, 0, 0]))
    values = [img[0, 0, 0] for img in results['imgs']]
    np.testing.assert_array_equal(values, [255, 0, 128])


def test_diff_view_arguments():
    with pytest.raises(ValueError, match="length='shrink'.*mode='replace'"):
        FrameDiffView(length='shrink')
    with pytest.raises(ValueError, match="out_dtype='int16'"):
        FrameDiffView(out_dtype='int16')
    with pytest.raises(ValueError, match='clip_len=1'):
        FrameDiffView(mode='replace')(levels_results([3]))


def test_concept_views_v_s_d():
    np.random.seed(2)
    results = random_results(num_clips=1, clip_len=4)
    pipeline = [
        TRANSFORMS.build(dict(type='StaticView')),
        TRANSFORMS.build(dict(type='FrameDiffView', source_clips=[0])),
    ]
    for transform in pipeline:
        results = transform(results)
    assert results['num_clips'] == 3 and len(results['imgs']) == 12
    np.testing.assert_array_equal(
        results['view_labels'],
        [VIEW_LABELS['rgb'], VIEW_LABELS['static'], VIEW_LABELS['diff']])
    v = np.stack(results['imgs'][:4]).astype(np.int16)
    d = np.stack(results['imgs'][8:])
    np.testing.assert_array_equal(d[:3], (np.diff(v, axis=0) + 256) // 2)
    np.testing.assert_array_equal(d[3], d[2])
    assert repr(pipeline[1]).startswith("FrameDiffView(length='pad'")
