import importlib.util
import os.path as osp

import cv2
import numpy as np
import pytest
import torch

REPO_ROOT = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))
spec = importlib.util.spec_from_file_location(
    'retrieval_grid', osp.join(REPO_ROOT, 'tools/analysis/retrieval_grid.py'))
retrieval_grid = importlib.util.module_from_spec(spec)
spec.loader.exec_module(retrieval_grid)

# Middle-frame colours (RGB) of the videos; every other frame is black.
COLOURS = {
    'q0': (200, 0, 0),
    'g0': (0, 200, 0),
    'g1': (0, 0, 200),
    'g2': (200, 200, 0),
}
CELL = (40, 30)


def write_video(path, colour, num_frames=9):
    writer = cv2.VideoWriter(path, cv2.VideoWriter_fourcc(*'MJPG'), 10,
                             (32, 24))
    for index in range(num_frames):
        frame = np.zeros((24, 32, 3), np.uint8)
        if index == num_frames // 2:
            frame[:] = colour[::-1]
        writer.write(frame)
    writer.release()


@pytest.fixture
def feature_dir(tmp_path):
    """rgb features: q0 is closest to g1, then g2, then g0."""
    for name, colour in COLOURS.items():
        write_video(str(tmp_path / f'{name}.avi'), colour)
    features = tmp_path / 'features'
    features.mkdir()
    torch.save(
        dict(
            features=torch.tensor([[1.0, 0.0]]),
            labels=torch.tensor([1]),
            filenames=['q0.avi']), str(features / 'query_rgb.pth'))
    torch.save(
        dict(
            features=torch.tensor([[-1.0, 0.0], [1.0, 0.1], [1.0, 1.0]]),
            labels=torch.tensor([0, 1, 2]),
            filenames=['g0.avi', 'g1.avi', 'g2.avi']),
        str(features / 'gallery_rgb.pth'))
    return tmp_path


def panel_colour(grid, index):
    """Mean RGB of the centre of the frame in panel ``index``."""
    width, height = CELL
    centre = grid[height // 2 - 4:height // 2 + 4,
                  index * width + width // 2 - 4:index * width + width // 2 +
                  4]
    return centre.reshape(-1, 3).mean(axis=0)


def border_colour(grid, index):
    return tuple(grid[1, CELL[0] * index + 1])


def test_middle_frame_is_decoded(tmp_path):
    path = str(tmp_path / 'video.avi')
    write_video(path, (10, 120, 230), num_frames=7)
    frame = retrieval_grid.middle_frame(path)
    assert frame.shape == (24, 32, 3)
    np.testing.assert_allclose(frame.mean(axis=(0, 1)), (10, 120, 230),
                               atol=6)
    with pytest.raises(FileNotFoundError, match='missing.avi'):
        retrieval_grid.middle_frame(str(tmp_path / 'missing.avi'))


def test_grid_shows_query_then_ranked_neighbours(feature_dir, tmp_path):
    class_names = tmp_path / 'classInd.txt'
    class_names.write_text('1 Archery\n2 Biking\n3 Diving\n')
    out_dir = str(tmp_path / 'grids')
    written = retrieval_grid.main([
        str(feature_dir / 'features'), out_dir, '--video-root',
        str(feature_dir), '--topk', '3', '--class-names',
        str(class_names), '--cell-size',
        str(CELL[0]),
        str(CELL[1])
    ])
    assert written == [osp.join(out_dir, 'query_00000.png')]
    grid = cv2.cvtColor(cv2.imread(written[0]), cv2.COLOR_BGR2RGB)
    assert grid.shape == (CELL[1] + retrieval_grid.CAPTION_HEIGHT,
                          4 * CELL[0], 3)
    for panel, name in enumerate(['q0', 'g1', 'g2', 'g0']):
        np.testing.assert_allclose(
            panel_colour(grid, panel), COLOURS[name], atol=12)
    assert border_colour(grid, 0) == retrieval_grid.QUERY_COLOUR
    assert border_colour(grid, 1) == retrieval_grid.HIT_COLOUR
    assert border_colour(grid, 2) == retrieval_grid.MISS_COLOUR


@pytest.mark.parametrize('args, expected', [
    (['--queries', '3'], 'error: --queries [3] outside [0, 0]'),
    (['--modalities', 'rgb', 'rgbdiff'], 'query_rgbdiff.pth'),
])
def test_grid_errors_name_the_input(feature_dir, tmp_path, capsys, args,
                                    expected):
    with pytest.raises(SystemExit) as info:
        retrieval_grid.main(
            [str(feature_dir / 'features'),
             str(tmp_path / 'grids'), *args])
    assert info.value.code == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith('error: ') and expected in err
