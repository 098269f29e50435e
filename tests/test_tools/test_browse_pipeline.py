import importlib.util
import os.path as osp

import numpy as np
import pytest
from PIL import Image

REPO_ROOT = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))
TOOL = osp.join(REPO_ROOT, 'tools', 'analysis', 'browse_pipeline.py')

CONFIG = """
default_scope = 'mmssl'
train_dataloader = dict(
    dataset=dict(
        type='VideoDataset',
        ann_file={ann_file!r},
        data_prefix=dict(video={video_dir!r}),
        pipeline=[
            dict(type='DecordInit'),
            dict(type='SampleFrames', clip_len=3, frame_interval=2,
                 num_clips=2),
            dict(type='DecordDecode'),
            dict(type='MultiClipRandomResizedCrop', size=24),
            dict(type='MultiClipRotation'),
            dict(type='StaticView', source_clips=[0],
                 inherit_label_keys=['rotation_labels']),
            dict(type='PackMultiClipInputs',
                 label_keys=('rotation_labels', 'view_labels')),
        ]))
"""


@pytest.fixture(scope='module')
def browse_pipeline():
    spec = importlib.util.spec_from_file_location('browse_pipeline', TOOL)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def config_file(tmp_path, shared_videos):
    video_dir, name = osp.split(shared_videos[0])
    ann_file = tmp_path / 'ann.txt'
    ann_file.write_text(f'{name} 0\n{name} 1\n')
    path = tmp_path / 'tiny_config.py'
    path.write_text(CONFIG.format(ann_file=str(ann_file), video_dir=video_dir))
    return str(path)


def test_png_grid_per_sample(browse_pipeline, config_file, tmp_path):
    out_dir = str(tmp_path / 'out')
    written = browse_pipeline.main(
        [config_file, '--num-samples', '3', '--out-dir', out_dir])
    # the annotation holds 2 videos
    assert [osp.basename(p)
            for p in written] == ['train_0000.png', 'train_0001.png']
    grid = np.asarray(Image.open(written[0]))
    # 3 rows (2 clips + 1 static view) of title + 24 px, 3 frames of 24 px
    title = browse_pipeline.TITLE_HEIGHT
    assert grid.shape == (3 * (title + 24), 3 * 24, 3)
    static_row = grid[2 * (title + 24) + title:]
    assert (static_row[:, :24] == static_row[:, 24:48]).all()


def test_gif_has_one_frame_per_time_step(browse_pipeline, config_file,
                                         tmp_path):
    out_dir = str(tmp_path / 'gif')
    written = browse_pipeline.main([
        config_file, '--num-samples', '1', '--out-dir', out_dir, '--format',
        'gif'
    ])
    with Image.open(written[0]) as gif:
        assert gif.n_frames == 3
        assert gif.size == (24, 3 * (browse_pipeline.TITLE_HEIGHT + 24))


def test_titles_and_unpacked_results(browse_pipeline, config_file):
    from mmengine.config import Config
    dataset = browse_pipeline.build_dataset(
        Config.fromfile(config_file), 'train')
    np.random.seed(0)
    results = browse_pipeline.run_unpacked(dataset, 0)
    assert 'inputs' not in results and len(results['imgs']) == 9
    titles = browse_pipeline.clip_titles(results)
    labels = results['rotation_labels']
    assert titles == [
        f'clip {i} rotation_labels={labels[i]} view_labels={v}'
        for i, v in enumerate([0, 0, 1])
    ]
    with pytest.raises(KeyError, match='no val_dataloader.dataset'):
        browse_pipeline.build_dataset(Config.fromfile(config_file), 'val')


def test_float_frames_are_scaled_for_display(browse_pipeline):
    results = dict(
        imgs=[np.full((2, 2, 3), v, np.float32) for v in (-255., 0., 255.)],
        num_clips=1)
    clips = browse_pipeline.clips_of(results)
    assert clips.dtype == np.uint8 and clips.shape == (1, 3, 2, 2, 3)
    assert [c[0, 0, 0] for c in clips[0]] == [0, 128, 255]
