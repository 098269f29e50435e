import importlib.util
import os.path as osp

import cv2
import numpy as np
import pytest
import torch
from mmengine.config import Config

from mmssl.registry import MODELS
from mmssl.testing.videos import write_index_video

REPO_ROOT = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))
TOOL = osp.join(REPO_ROOT, 'tools', 'analysis',
                'similarity_activation_map.py')
CONFIG = osp.join(REPO_ROOT, 'configs', 'rspnet', 'r3d18_toy.py')


def load_tool():
    spec = importlib.util.spec_from_file_location('sam', TOOL)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope='module')
def toy_checkpoint(tmp_path_factory):
    """The toy RSPNet config's model, initialised, as a checkpoint."""
    torch.manual_seed(0)
    model = MODELS.build(Config.fromfile(CONFIG).model)
    model.init_weights()
    path = str(tmp_path_factory.mktemp('ckpt') / 'rspnet_toy.pth')
    torch.save({'state_dict': model.state_dict()}, path)
    return path


def test_writes_a_png_per_head_with_a_non_constant_map(
        tmp_path, toy_checkpoint):
    video = write_index_video(str(tmp_path / 'v.mp4'), 40, size=(64, 64))
    out_dir = tmp_path / 'sam'
    written = load_tool().main([
        CONFIG, toy_checkpoint, video, '--out-dir', str(out_dir),
        '--save-maps'
    ])
    assert sorted(osp.basename(p) for p in written) == [
        'avid.npz', 'avid.png', 'rsp.npz', 'rsp.png'
    ]
    for head in ('rsp', 'avid'):
        image = cv2.imread(str(out_dir / f'{head}.png'))
        assert image is not None and image.std() > 0
        maps = np.load(out_dir / f'{head}.npz')
        # Slim R3D-18 on 8 x 56 x 56 clips: a 1 x 4 x 4 last feature map.
        assert maps['map_i'].shape == maps['map_j'].shape == (1, 4, 4)
        assert maps['map_i'].std() > 0 and maps['map_j'].std() > 0
        # Eq. 2: the mean of the map of clip i is s (without biases).
        assert maps['map_i'].mean() == pytest.approx(
            float(maps['similarity']), rel=1e-4)


def test_clip_indices_outside_the_pipeline_are_named(tmp_path, capsys,
                                                     toy_checkpoint):
    video = write_index_video(str(tmp_path / 'v.mp4'), 40, size=(64, 64))
    with pytest.raises(SystemExit):
        load_tool().main(
            [CONFIG, toy_checkpoint, video, '--clips', '0', '3', '--out-dir',
             str(tmp_path)])
    assert '--clips 0 3: the pipeline gives 3 clips' in capsys.readouterr().err
