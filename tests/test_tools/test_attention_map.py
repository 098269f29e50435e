import importlib.util
import os.path as osp

import cv2
import numpy as np
import pytest
import torch
from mmengine.config import Config

from mmssl.registry import MODELS
from mmssl.testing.videos import read_frame_index, write_index_video

REPO_ROOT = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))
TOOL = osp.join(REPO_ROOT, 'tools', 'analysis', 'attention_map.py')
CONFIG = osp.join(REPO_ROOT, 'configs', 'pace', 'r3d18_toy.py')


def load_tool():
    spec = importlib.util.spec_from_file_location('attention_map', TOOL)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope='module')
def tool():
    return load_tool()


@pytest.fixture(scope='module')
def toy_checkpoint(tmp_path_factory):
    """The toy Pace Prediction model (slim R3D-18), randomly initialised."""
    torch.manual_seed(0)
    model = MODELS.build(Config.fromfile(CONFIG).model)
    model.init_weights()
    path = str(tmp_path_factory.mktemp('ckpt') / 'toy.pth')
    torch.save(dict(state_dict=model.state_dict()), path)
    return path


def test_writes_one_grid_with_a_non_constant_overlay(tool, tmp_path,
                                                     toy_checkpoint,
                                                     shared_videos):
    out = str(tmp_path / 'attention.png')
    written = tool.main([
        CONFIG, toy_checkpoint, shared_videos[0], '--out', out,
        '--crop-size', '56', '--save-maps'
    ])
    assert written == [out, str(tmp_path / 'attention.npz')]
    image = cv2.imread(out)
    # 4 paces x 6 frames (0, 3, ..., 15 of 16) of 56 x 56, plus the titles.
    assert image.shape == (tool.HEADER_HEIGHT + 4 * 56,
                           tool.LABEL_WIDTH + 6 * 56, 3)
    tiles = image[tool.HEADER_HEIGHT:, tool.LABEL_WIDTH:]
    assert tiles.std() > 0
    saved = np.load(written[1])
    maps = saved['maps']
    assert maps.shape == (4, 16, 56, 56)
    # Normalised per clip: each pace spans [0, 1] and is not constant.
    assert maps.reshape(4, -1).min(axis=1).tolist() == [0, 0, 0, 0]
    assert maps.reshape(4, -1).max(axis=1) == pytest.approx([1] * 4)
    assert (maps.reshape(4, -1).std(axis=1) > 0.05).all()
    # R3D-18 halves 16 x 56 x 56 clips to 16 x 28 x 28 in its stem, then
    # three stages halve time and space: a 2 x 4 x 4 last feature map.
    assert saved['raw'].shape == (4, 2, 4, 4)
    # One map per clip (the supplement), the same on every frame.
    assert np.array_equal(maps[:, 0], maps[:, 15])
    # The heat map shows in the tiles: the blue (jet's low end) and red
    # (high end) balance of a tile follows the map.
    row, col = 1, 2
    tile = tiles[row * 56:(row + 1) * 56, col * 56:(col + 1) * 56]
    hot = tile[..., 2].astype(float) - tile[..., 0]
    assert np.corrcoef(hot.ravel(), maps[row, 3 * col].ravel())[0, 1] > 0.5


def test_clips_share_the_start_frame_and_step_by_their_pace(tool, tmp_path):
    video = write_index_video(str(tmp_path / 'index.mp4'), 80, size=(64, 64))
    packed = tool.load_clips(video, [1, 2, 3, 4], clip_len=16, crop_size=64)
    clips = packed['inputs'].permute(0, 2, 3, 4, 1).numpy()
    assert clips.shape == (4, 16, 64, 64, 3)
    # The longest clip (pace 4) spans 64 frames; the shared start is the
    # centre of the free range: (80 - 64) // 2 = 8.
    for row, pace in enumerate([1, 2, 3, 4]):
        shown = [read_frame_index(clips[row, t]) for t in range(16)]
        assert shown == [8 + pace * t for t in range(16)]


def test_temporal_maps_follow_the_feature_time_axis(tool):
    # Two time steps of a 1 x 2 map: high on the left at t=0, on the right
    # at t=1.
    attention = torch.tensor([[[[4.0, 0.0]], [[0.0, 4.0]]]])
    per_clip = tool.upsample_and_normalise(attention, (4, 2, 4))
    assert torch.equal(per_clip, torch.zeros(1, 4, 2, 4))
    temporal = tool.upsample_and_normalise(attention, (4, 2, 4),
                                           temporal=True)
    assert temporal.shape == (1, 4, 2, 4)
    assert temporal[0, 0, 0, 0] == 1 and temporal[0, 0, 0, 3] == 0
    assert temporal[0, 3, 0, 0] == 0 and temporal[0, 3, 0, 3] == 1


def test_attention_is_the_channel_sum_of_squares(tool):
    feats = torch.tensor([1.0, -2.0, 3.0]).reshape(1, 3, 1, 1, 1)
    assert tool.activation_attention(feats).item() == 1 + 4 + 9


@pytest.mark.parametrize('case', ['video', 'config', 'checkpoint'])
def test_missing_input_is_one_error_line(tool, tmp_path, toy_checkpoint,
                                         shared_videos, capsys, case):
    paths = dict(config=CONFIG, checkpoint=toy_checkpoint,
                 video=shared_videos[0])
    paths[case] = str(tmp_path / f'missing_{case}')
    with pytest.raises(SystemExit) as exit_info:
        tool.main([
            paths['config'], paths['checkpoint'], paths['video'], '--out',
            str(tmp_path / 'a.png')
        ])
    assert exit_info.value.code == 1
    lines = capsys.readouterr().err.strip().splitlines()
    assert lines[-1].startswith('error: ')
    assert f'missing_{case}' in lines[-1]
    assert not (tmp_path / 'a.png').exists()


def test_checkpoint_of_another_backbone_is_refused(tool, tmp_path,
                                                   shared_videos, capsys):
    model = MODELS.build(Config.fromfile(CONFIG).model)
    state = {
        key: value
        for key, value in model.state_dict().items()
        if not key.startswith('backbone.layer4')
    }
    path = str(tmp_path / 'partial.pth')
    torch.save(dict(state_dict=state), path)
    with pytest.raises(SystemExit):
        tool.main([CONFIG, path, shared_videos[0], '--out',
                   str(tmp_path / 'a.png')])
    assert 'missing keys' in capsys.readouterr().err


def test_a_checkpoint_that_runs_code_is_refused(tool, tmp_path, monkeypatch,
                                                shared_videos, capsys):
    from tests.checkpoint_server import malicious_checkpoint
    marker = tmp_path / 'pwned.txt'
    path = str(tmp_path / 'evil.pth')
    malicious_checkpoint(path, str(marker))
    monkeypatch.setenv('TORCH_FORCE_NO_WEIGHTS_ONLY_LOAD', '1')
    with pytest.raises(SystemExit):
        tool.main([CONFIG, path, shared_videos[0], '--out',
                   str(tmp_path / 'a.png')])
    assert 'refused' in capsys.readouterr().err.strip().splitlines()[-1]
    assert not marker.exists()
