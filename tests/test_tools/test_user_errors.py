"""Bad input to the tools gives one clear line naming the culprit."""
import pytest

from tests.test_tools.toy_run import TOY_CONFIG, python_tool, tiny_overrides


def _one_line_error(result):
    assert result.returncode == 1, result.stderr[-2000:]
    lines = [line for line in result.stderr.splitlines()
             if line.startswith('error: ')]
    assert len(lines) == 1, result.stderr[-2000:]
    assert 'Traceback' not in result.stderr
    return lines[0]


@pytest.mark.parametrize('option, expected', [
    ('train_dataloader.dataset.ann_file=/no/such/train.txt',
     '/no/such/train.txt'),
    ('train_dataloader.dataset.pipeline.1.type=NoSuchSampler',
     'NoSuchSampler'),
    ('model.type=NoSuchAlgorithm', 'NoSuchAlgorithm'),
    ('trian_cfg.max_epochs=1', 'trian_cfg'),
])
def test_train_errors_name_the_culprit(tiny_toy_dataset, tmp_path, option,
                                       expected):
    result = python_tool('train.py', TOY_CONFIG, '--work-dir', str(tmp_path),
                         *tiny_overrides(tiny_toy_dataset), option)
    assert expected in _one_line_error(result)


def test_missing_video_named(tiny_toy_dataset, tmp_path):
    ann_file = tmp_path / 'val.txt'
    ann_file.write_text('linear/does_not_exist.mp4 0\n')
    result = python_tool(
        'test.py', TOY_CONFIG, '--work-dir', str(tmp_path),
        *tiny_overrides(tiny_toy_dataset),
        f'test_dataloader.dataset.ann_file={ann_file}')
    assert 'does_not_exist.mp4' in _one_line_error(result)


def test_missing_config_and_checkpoint_named(tmp_path):
    result = python_tool('train.py', str(tmp_path / 'nope.py'))
    assert 'nope.py' in _one_line_error(result)
    result = python_tool('test.py', TOY_CONFIG, str(tmp_path / 'no.pth'))
    assert 'no.pth' in _one_line_error(result)


# --- wrong results stop the run -------------------------------------------
import os.path as osp  # noqa: E402

import torch  # noqa: E402
from mmengine.config import Config  # noqa: E402

from mmssl.registry import MODELS  # noqa: E402
from tests.test_tools.toy_run import REPO_ROOT  # noqa: E402

FINETUNE_TOY = osp.join(REPO_ROOT, 'configs', 'benchmarks', 'finetune',
                        'r3d18_toy.py')


def _toy_model_checkpoint(path, nan=False):
    """A checkpoint of the tiny toy TransRank model (see tiny_overrides)."""
    cfg = Config.fromfile(TOY_CONFIG)
    cfg.model.backbone.base_channels = 4
    cfg.model.heads.temporal.in_channels = 32
    state_dict = MODELS.build(cfg.model).state_dict()
    if nan:
        state_dict['backbone.conv1.conv.weight'].fill_(float('nan'))
    torch.save(dict(state_dict=state_dict), path)
    return str(path)


def _finetune_options(toy, val_ann=None):
    options = []
    for loader, split in (('train', 'train'), ('val', 'val'), ('test', 'val')):
        ann = val_ann if (val_ann and split == 'val') else toy[split]
        options += [
            f'{loader}_dataloader.dataset.ann_file={ann}',
            f'{loader}_dataloader.dataset.data_prefix.video='
            f'{toy["videos"]}', f'{loader}_dataloader.num_workers=0',
            f'{loader}_dataloader.persistent_workers=False'
        ]
    return ['--cfg-options', *options]


def test_checkpoint_of_another_architecture(tiny_toy_dataset, tmp_path):
    other = tmp_path / 'other.pth'
    torch.save(dict(state_dict=dict(fc=torch.zeros(3))), other)
    result = python_tool('test.py', TOY_CONFIG, str(other), '--work-dir',
                         str(tmp_path), *tiny_overrides(tiny_toy_dataset))
    line = _one_line_error(result)
    assert 'other.pth does not fit TransformationRecognizer' in line
    assert 'unexpected keys (fc)' in line


def test_nan_weights(tiny_toy_dataset, tmp_path):
    path = _toy_model_checkpoint(tmp_path / 'nan.pth', nan=True)
    result = python_tool('test.py', TOY_CONFIG, path, '--work-dir',
                         str(tmp_path), *tiny_overrides(tiny_toy_dataset))
    assert 'nan.pth: 1 tensor(s) hold NaN or inf values, first ' \
        '"backbone.conv1.conv.weight"' in _one_line_error(result)


@pytest.mark.parametrize('content', [b'', b'PK\x03\x04 cut'])
def test_empty_or_truncated_checkpoint(tiny_toy_dataset, tmp_path, content):
    path = tmp_path / 'broken.pth'
    path.write_bytes(content)
    result = python_tool('test.py', TOY_CONFIG, str(path), '--work-dir',
                         str(tmp_path), *tiny_overrides(tiny_toy_dataset))
    line = _one_line_error(result)
    assert 'broken.pth' in line
    assert 'empty' in line or 'truncated' in line


def test_ignored_backbone_checkpoint(tiny_toy_dataset, tmp_path):
    path = _toy_model_checkpoint(tmp_path / 'pre.pth')
    result = python_tool('test.py', FINETUNE_TOY, '--work-dir', str(tmp_path),
                         *_finetune_options(tiny_toy_dataset),
                         f'model.backbone_checkpoint={path}')
    assert 'model.backbone_checkpoint=' in _one_line_error(result)
    assert 'would be ignored' in result.stderr


@pytest.mark.parametrize('option, expected', [
    ('model.heads.temporal.num_classes=5',
     'model.heads.temporal.num_classes=5 but train_dataloader.dataset.'
     'pipeline.1 (MultiClipSampler) gives 4 classes of "temporal_labels"'),
    ('train_cfg.max_epochs=-1', 'train_cfg.max_epochs=-1 is invalid'),
    ('model.backbone.deptth=18',
     'unknown config key "model.backbone.deptth" for ResNet3d; did you mean '
     '"model.backbone.depth"?'),
])
def test_wrong_configs_are_named(tiny_toy_dataset, tmp_path, option, expected):
    result = python_tool('train.py', TOY_CONFIG, '--work-dir', str(tmp_path),
                         *tiny_overrides(tiny_toy_dataset), option)
    assert expected in _one_line_error(result)


@pytest.mark.parametrize('lines, expected', [
    ('linear/a.mp4 0\nlinear/b.mp4 9\n', 'val.txt:2: label 9 is outside '
     '[0, 5)'),
    ('', 'val.txt: empty annotation file'),
])
def test_bad_annotation_files(tiny_toy_dataset, tmp_path, lines, expected):
    ann = tmp_path / 'val.txt'
    ann.write_text(lines)
    result = python_tool('test.py', FINETUNE_TOY, '--work-dir', str(tmp_path),
                         *_finetune_options(tiny_toy_dataset, str(ann)))
    assert expected in _one_line_error(result)


def test_corrupt_video_in_a_test_list(tiny_toy_dataset, tmp_path):
    videos = tmp_path / 'videos'
    videos.mkdir()
    (videos / 'bad.mp4').write_bytes(b'\x00\x00\x00\x18ftypmp42 not video')
    ann = tmp_path / 'val.txt'
    ann.write_text('bad.mp4 0\n')
    result = python_tool(
        'test.py', TOY_CONFIG, '--work-dir', str(tmp_path),
        *tiny_overrides(tiny_toy_dataset),
        f'test_dataloader.dataset.ann_file={ann}',
        f'test_dataloader.dataset.data_prefix.video={videos}')
    assert 'bad.mp4' in _one_line_error(result)
