import os
import os.path as osp

import pytest

REPO_ROOT = osp.dirname(osp.dirname(osp.abspath(__file__)))
SHARED_VIDEOS = osp.join(osp.dirname(REPO_ROOT), 'shared', 'videos')


@pytest.fixture(scope='session', autouse=True)
def mmssl_scope():
    """Register all modules once, with ``mmssl`` as the default scope."""
    os.environ.setdefault('OMP_NUM_THREADS', '1')
    from mmssl.utils import register_all_modules
    register_all_modules()


@pytest.fixture(scope='session')
def shared_videos():
    """Paths of the real videos in ``../shared/videos`` (mp4 and avi)."""
    names = ['test.mp4', 'test.avi', 'demo.mp4']
    paths = [osp.join(SHARED_VIDEOS, n) for n in names]
    missing = [p for p in paths if not osp.exists(p)]
    if missing:
        pytest.skip(f'shared videos not found: {missing}')
    return paths


@pytest.fixture
def tiny_r3d():
    """Config of a tiny random-init R3D-18: base 4 channels, 32-d res4.

    No stem pools; the stem and stages 2-4 halve space, stages 2-4 halve
    time, so 4-frame 16x16 clips give (32, 1, 1, 1) res4 maps. A new dict
    per test: vary it with e.g. ``dict(tiny_r3d, base_channels=2)``.
    """
    return dict(
        type='ResNet3d',
        depth=18,
        base_channels=4,
        pretrained=None,
        pretrained2d=False,
        conv1_kernel=(3, 7, 7),
        conv1_stride_t=1,
        with_pool1=False,
        with_pool2=False,
        inflate=(1, 1, 1, 1),
        spatial_strides=(1, 2, 2, 2),
        temporal_strides=(1, 2, 2, 2))


@pytest.fixture(scope='session')
def tiny_toy_dataset(tmp_path_factory):
    """A toy dataset of 4 train and 2 val videos (32 px, 64 frames)."""
    from mmssl.datasets.toy import generate_toy_dataset
    out_dir = tmp_path_factory.mktemp('toy')
    return generate_toy_dataset(
        str(out_dir), num_train=4, num_val=2, num_frames=64, size=32, seed=0)
