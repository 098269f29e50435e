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


@pytest.fixture(scope='session')
def tiny_toy_dataset(tmp_path_factory):
    """A toy dataset of 4 train and 2 val videos (32 px, 64 frames)."""
    from mmssl.datasets.toy import generate_toy_dataset
    out_dir = tmp_path_factory.mktemp('toy')
    return generate_toy_dataset(
        str(out_dir), num_train=4, num_val=2, num_frames=64, size=32, seed=0)
