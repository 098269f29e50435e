"""step_args: arguments of pipeline steps chosen by type, beside the
pipeline."""
import os.path as osp

import pytest
from mmengine.config import Config

from mmssl.apis import check_config
from mmssl.datasets.step_args import apply_step_args, resolved_pipeline
from mmssl.errors import ConfigKeyError, ConfigValueError
from mmssl.registry import DATASETS
from mmssl.testing import read_frame_index, write_index_video
from tests.conftest import REPO_ROOT

PIPELINE = [
    dict(type='DecordOpen'),
    dict(type='MultiClipSampler', clip_len=4,
         transforms=[dict(type='Speed', rate=1)]),
    dict(type='DecordDecodeOnce'),
]


def test_arguments_go_to_every_step_of_their_type_only():
    step_args = dict(MultiClipSampler=dict(
        transforms=[dict(type='Speed', rate=3)], start_mode='shared'))
    merged = apply_step_args(PIPELINE, step_args)
    assert merged[1] == dict(
        type='MultiClipSampler', clip_len=4, start_mode='shared',
        transforms=[dict(type='Speed', rate=3)])
    assert merged[0] == PIPELINE[0] and merged[2] == PIPELINE[2]
    assert PIPELINE[1]['transforms'] == [dict(type='Speed', rate=1)]
    assert resolved_pipeline(dict(pipeline=PIPELINE)) == PIPELINE


def test_unknown_step_type_is_named():
    with pytest.raises(ConfigKeyError, match='"MultiClipSamplr"'):
        apply_step_args(PIPELINE, dict(MultiClipSamplr=dict(clip_len=8)),
                        'RobustVideoDataset')


def test_dataset_builds_its_pipeline_with_them(tmp_path):
    write_index_video(str(tmp_path / 'v.mp4'), 40)
    (tmp_path / 'list.txt').write_text('v.mp4 0\n')
    dataset = DATASETS.build(
        dict(type='RobustVideoDataset',
             ann_file=str(tmp_path / 'list.txt'),
             data_prefix=dict(video=str(tmp_path)),
             pipeline=PIPELINE,
             step_args=dict(MultiClipSampler=dict(
                 transforms=[dict(type='Speed', rate=3)]))))
    results = dataset[0]
    shown = [read_frame_index(img) for img in results['imgs']]
    assert shown == results['frame_inds'].tolist()
    assert [b - a for a, b in zip(shown, shown[1:])] == [3, 3, 3]


def test_config_checks_see_the_classes_step_args_give():
    """A head sized for the baseline's 4 paces on a leaf whose step_args
    give 8 classes is refused before training."""
    path = osp.join(REPO_ROOT, 'configs', 'pace', 'r3d18_ucf101_backward.py')
    cfg = Config.fromfile(path)
    check_config(cfg, path)
    cfg.model.heads.pace.num_classes = 4
    with pytest.raises(ConfigValueError, match='8'):
        check_config(cfg, path)
