"""The views of the shipped Static and Dynamic Concepts pipelines, step by
step on a real video: static clips, frame differences and which clips the
appearance augmentations touch."""
import os.path as osp

import numpy as np
import pytest
from mmengine.config import Config

from mmssl.registry import TRANSFORMS
from tests.conftest import REPO_ROOT

APPEARANCE = ('MultiClipColorJitter', 'MultiClipRandomGrayscale',
              'MultiClipGaussianBlur')


def clips_after_each_step(config, video, seed):
    """The clips (N, T, H, W, 3) after every step up to the packer, by the
    type of the step."""
    cfg = Config.fromfile(osp.join(REPO_ROOT, 'configs', 'concepts', config))
    np.random.seed(seed)
    results = dict(filename=video, start_index=0, modality='RGB')
    snapshots = {}  # in pipeline order
    for step in cfg.train_dataloader.dataset.pipeline:
        if step['type'] == 'PackMultiClipInputs':
            break
        step = dict(step)
        if step['type'] == 'MultiClipGaussianBlur':
            step['prob'] = 1.0  # always blur, so that skipping shows
        results = TRANSFORMS.build(step)(results)
        if 'imgs' in results:
            frames = np.stack(results['imgs'])
            snapshots[step['type']] = frames.reshape(
                results['num_clips'], results['clip_len'], *frames.shape[1:])
    return snapshots, results


@pytest.mark.parametrize('config', ['r3d18_toy.py', 'r3d18_ucf101.py'])
@pytest.mark.parametrize('seed', [0, 1])
def test_static_diff_and_augmented_views(config, seed, shared_videos):
    snapshots, results = clips_after_each_step(config, shared_videos[0],
                                               seed)
    assert results['view_labels'].tolist() == [0, 0, 1, 1, 2, 2]
    cropped = snapshots['MultiClipFlip'].astype(np.float32)
    views = snapshots['FrameDiffView']
    final = list(snapshots.values())[-1]
    # Static clips: one frame of their RGB clip repeated, before and after
    # the appearance augmentations (drawn once per clip).
    for static, source in ((2, 0), (3, 1)):
        for clips in (views, final):
            assert (clips[static] == clips[static][:1]).all()
        assert any((views[static][0] == frame).all()
                   for frame in cropped[source])
    # Difference clips: x[t+1] - x[t] of the cropped and flipped RGB clip,
    # in float, the last difference repeated; untouched afterwards.
    for diff, source in ((4, 0), (5, 1)):
        expected = np.diff(cropped[source], axis=0)
        np.testing.assert_array_equal(views[diff][:-1], expected)
        np.testing.assert_array_equal(views[diff][-1], expected[-1])
        np.testing.assert_array_equal(final[diff], views[diff])
    # Jitter (prob 1) and blur change every RGB and static clip; the toy
    # pipeline has none (flat colours).
    augmented = [name for name in APPEARANCE if name in snapshots]
    assert augmented == ([] if 'toy' in config else list(APPEARANCE))
    for clip in range(4 if augmented else 0):
        assert not np.array_equal(final[clip], views[clip])
