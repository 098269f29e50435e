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
