import json
import os.path as osp
import runpy
import sys

import pytest

from mmssl.datasets.mhmdb51 import (MAPPING_FILE, MOTION_TYPES, build_mhmdb51,
                                    load_class_names, load_mhmdb51_mapping,
                                    mhmdb51_ann_name, relabel_annotations)
from mmssl.errors import AnnotationError

REPO_ROOT = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))
HMDB51_CLASSES = (
    'brush_hair cartwheel catch chew clap climb climb_stairs dive draw_sword '
    'dribble drink eat fall_floor fencing flic_flac golf handstand hit hug '
    'jump kick kick_ball kiss laugh pick pour pullup punch push pushup '
    'ride_bike ride_horse run shake_hands shoot_ball shoot_bow shoot_gun sit '
    'situp smile smoke somersault stand swing_baseball sword sword_exercise '
    'talk throw turn walk wave').split()


def write(path, text):
    with open(path, 'w') as f:
        f.write(text)
    return str(path)


def test_mapping_covers_hmdb51_with_table_counts():
    mapping = load_mhmdb51_mapping()
    assert sorted(mapping) == HMDB51_CLASSES
    counts = [list(mapping.values()).count(i) for i in range(5)]
    assert counts == [10, 12, 12, 5, 12]
    assert MOTION_TYPES == ('linear', 'projectile', 'local', 'oscillatory',
                            'random')


@pytest.mark.parametrize('class_name,motion_type', [
    ('brush_hair', 'linear'), ('shoot_bow', 'linear'), ('walk', 'linear'),
    ('cartwheel', 'projectile'), ('swing_baseball', 'projectile'),
    ('throw', 'projectile'), ('chew', 'local'), ('shoot_gun', 'local'),
    ('wave', 'local'), ('clap', 'oscillatory'), ('situp', 'oscillatory'),
    ('draw_sword', 'random'), ('sword_exercise', 'random'),
    ('turn', 'random')
])
def test_mapping_matches_table_10(class_name, motion_type):
    mapping = load_mhmdb51_mapping()
    assert MOTION_TYPES[mapping[class_name]] == motion_type


def test_mapping_file_errors(tmp_path):
    table = json.load(open(MAPPING_FILE))
    table['classes']['random'].append('walk')
    path = write(tmp_path / 'dup.json', json.dumps(table))
    with pytest.raises(ValueError, match="dup.json: class 'walk'"):
        load_mhmdb51_mapping(path)
    table['motion_types'] = ['linear', 'local']
    path = write(tmp_path / 'types.json', json.dumps(table))
    with pytest.raises(ValueError, match='types.json: motion_types'):
        load_mhmdb51_mapping(path)


def test_load_class_names_formats(tmp_path):
    names = write(tmp_path / 'names.txt', 'b\na\n\nc\n')
    assert load_class_names(names) == ['b', 'a', 'c']
    class_ind = write(tmp_path / 'classInd.txt', '2 b\n1 a\n3 c\n')
    assert load_class_names(class_ind) == ['a', 'b', 'c']
    zero_based = write(tmp_path / 'zero.txt', '0 a\n1 b\n')
    assert load_class_names(zero_based) == ['a', 'b']
    gap = write(tmp_path / 'gap.txt', '1 a\n3 b\n')
    with pytest.raises(ValueError, match='gap.txt: class ids'):
        load_class_names(gap)
    bad = write(tmp_path / 'bad.txt', '1 a\nb c d\n')
    with pytest.raises(ValueError, match='bad.txt:2:'):
        load_class_names(bad)


def test_relabel_videos_and_rawframes(tmp_path):
    mapping = load_mhmdb51_mapping()
    ann = write(
        tmp_path / 'hmdb51_val_split_1_videos.txt',
        'brush_hair/a.avi 0\nclap/b.avi 4\n\nwave/c.avi 50\n'
        'fencing/d 120 13\n')
    lines = relabel_annotations(ann, HMDB51_CLASSES, mapping)
    assert lines == [
        'brush_hair/a.avi 0', 'clap/b.avi 3', 'wave/c.avi 2', 'fencing/d 120 4'
    ]


def test_relabel_errors(tmp_path):
    mapping = load_mhmdb51_mapping()
    cases = {
        'one_token.txt': ('walk/a.avi\n', ValueError, 'one_token.txt:1:'),
        'no_label.txt': ('walk/a.avi 49\nwalk/b.avi x\n', ValueError,
                         'no_label.txt:2:'),
        'range.txt': ('walk/a.avi 51\n', ValueError,
                      'range.txt:1: label 51 is out of range'),
        'folder.txt': ('run/a.avi 49\n', ValueError,
                       "folder.txt:1: label 49 is class 'walk'"),
    }
    for name, (text, error, message) in cases.items():
        with pytest.raises(error, match=message):
            relabel_annotations(
                write(tmp_path / name, text), HMDB51_CLASSES, mapping)
    unknown = write(tmp_path / 'unknown.txt', 'x/a.avi 0\n')
    with pytest.raises(AnnotationError, match="unknown.txt:1: class 'yoga'"):
        relabel_annotations(unknown, ['yoga'], mapping)


def test_build_mhmdb51(tmp_path):
    train = write(tmp_path / 'hmdb51_train_split_1_videos.txt',
                  'jump/a.avi 19\npushup/b.avi 29\n')
    val = write(tmp_path / 'val.txt', 'smile/c.avi 39\n')
    out_dir = tmp_path / 'out'
    out_files = build_mhmdb51([train, val], str(out_dir))
    assert [osp.basename(f) for f in out_files] == [
        'mhmdb51_train_split_1_videos.txt', 'mhmdb51_val.txt'
    ]
    assert open(out_files[0]).read() == 'jump/a.avi 1\npushup/b.avi 3\n'
    assert open(out_files[1]).read() == 'smile/c.avi 2\n'
    assert open(out_dir / 'classes.txt').read().split() == list(MOTION_TYPES)
    assert mhmdb51_ann_name('x/hmdb51_val_split_2_rawframes.txt') == \
        'mhmdb51_val_split_2_rawframes.txt'


def test_build_mhmdb51_cli(tmp_path, monkeypatch, capsys):
    ann = write(tmp_path / 'hmdb51_val_split_1_videos.txt', 'kick/a.avi 1\n')
    classes = write(tmp_path / 'classInd.txt', '1 walk\n2 kick\n')
    script = osp.join(REPO_ROOT, 'tools', 'data', 'mhmdb51',
                      'build_mhmdb51.py')
    argv = [script, '--ann-in', ann, '--out-dir',
            str(tmp_path / 'out'), '--classes', classes]
    monkeypatch.setattr(sys, 'argv', argv)
    runpy.run_path(script, run_name='__main__')
    out = tmp_path / 'out' / 'mhmdb51_val_split_1_videos.txt'
    assert out.read_text() == 'kick/a.avi 4\n'
    bad = write(tmp_path / 'bad.txt', 'kick/a.avi\n')
    monkeypatch.setattr(sys, 'argv', argv[:2] + [bad] + argv[3:])
    with pytest.raises(SystemExit) as exit_info:
        runpy.run_path(script, run_name='__main__')
    assert exit_info.value.code == 1
    assert 'bad.txt:1:' in capsys.readouterr().err
