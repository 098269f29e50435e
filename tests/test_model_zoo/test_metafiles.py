"""The model zoo: model-index.yml, the metafiles, their configs and the
README table agree."""
import glob
import importlib.util
import os.path as osp
import re

import pytest
from mmengine.config import Config

from mmssl.registry import MODELS
from tests.conftest import REPO_ROOT

REQUIRED_METADATA = ('Architecture', 'Training Data', 'Epochs', 'Input',
                     'Modality')


def load_zoo_table():
    path = osp.join(REPO_ROOT, 'tools', 'misc', 'zoo_table.py')
    spec = importlib.util.spec_from_file_location('zoo_table', path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


zoo_table = load_zoo_table()
MODELS_OF_INDEX = zoo_table.load_models(REPO_ROOT)


def test_model_index_imports_every_metafile():
    on_disk = sorted(
        osp.relpath(path, REPO_ROOT) for path in glob.glob(
            osp.join(REPO_ROOT, 'configs', '*', 'metafile.yml')))
    assert on_disk and sorted(zoo_table.metafiles(REPO_ROOT)) == on_disk


def test_entries_are_complete():
    names = [model['Name'] for model in MODELS_OF_INDEX]
    assert len(names) == len(set(names)), 'model names must be unique'
    collections = {
        collection['Name']
        for metafile in zoo_table.metafiles(REPO_ROOT)
        for collection in zoo_table.read_yaml(osp.join(REPO_ROOT, metafile))
        ['Collections']
    }
    for model in MODELS_OF_INDEX:
        assert model['In Collection'] in collections, model['Name']
        missing = [
            key for key in REQUIRED_METADATA if key not in model['Metadata']
        ]
        assert not missing, (model['Name'], missing)
        assert 'Weights' in model, model['Name']
        for result in model.get('Results') or []:
            assert {'Task', 'Dataset', 'Metrics'} <= set(result)
            assert all(
                isinstance(value, (int, float))
                for value in result['Metrics'].values())
        if model.get('Results'):
            assert model.get('Results Source'), model['Name']
        weights = model['Weights']
        if weights and not weights.startswith(('http://', 'https://')):
            assert_reproducible(model)
        if model.get('Converted From'):
            assert model.get('Converter'), model['Name']


def assert_reproducible(model):
    """A local ``Weights`` is the hash-named file that the entry's
    ``Reproduce`` command trains and publishes."""
    weights, reproduce = model['Weights'], model.get('Reproduce', '')
    work_dir = osp.dirname(weights)
    epochs = model['Metadata']['Epochs']
    assert re.fullmatch(rf'{osp.basename(work_dir)}-[0-9a-f]{{8}}\.pth',
                        osp.basename(weights)), model['Name']
    assert f'tools/train.py {model["Config"]} --work-dir {work_dir} ' in (
        reproduce), f'{model["Name"]}: Reproduce must train it'
    assert reproduce.endswith(
        f'tools/misc/publish_checkpoint.py {work_dir}/epoch_{epochs}.pth '
        f'{work_dir}'), f'{model["Name"]}: Reproduce must publish it'


@pytest.mark.parametrize('model',
                         MODELS_OF_INDEX,
                         ids=[model['Name'] for model in MODELS_OF_INDEX])
def test_config_exists_builds_and_matches_its_entry(model):
    path = osp.join(REPO_ROOT, model['Config'])
    assert osp.isfile(path), f'{model["Name"]}: no config {path}'
    cfg = Config.fromfile(path)
    meta = model['Metadata']
    assert meta['Epochs'] == cfg.train_cfg.max_epochs
    if 'clip_len' in cfg and 'crop_size' in cfg:
        assert meta['Input'] == (
            f'{cfg.clip_len}x{cfg.crop_size}x{cfg.crop_size}')
    built = MODELS.build(cfg.model)
    assert sum(param.numel() for param in built.parameters()) > 0


def test_readme_table_is_generated_from_the_metafiles():
    with open(osp.join(REPO_ROOT, 'README.md')) as f:
        readme = f.read()
    table = zoo_table.render_table(MODELS_OF_INDEX)
    assert zoo_table.readme_table(readme) == table, (
        'run python tools/misc/zoo_table.py --write')
    assert len(table.splitlines()) == len(MODELS_OF_INDEX) + 2


def test_check_detects_an_edited_number(tmp_path, capsys):
    """--check compares the rendered facts, so one changed result fails."""
    for name in ('model-index.yml', 'README.md'):
        with open(osp.join(REPO_ROOT, name)) as f:
            (tmp_path / name).write_text(f.read())
    for other in zoo_table.metafiles(REPO_ROOT):
        (tmp_path / other).parent.mkdir(parents=True)
        with open(osp.join(REPO_ROOT, other)) as f:
            (tmp_path / other).write_text(f.read())
    metafile = zoo_table.metafiles(REPO_ROOT)[0]
    text = (tmp_path / metafile).read_text()
    assert zoo_table.main(['--check', '--root', str(tmp_path)]) == 0
    (tmp_path / metafile).write_text(text.replace('R@1: 54.0', 'R@1: 45.0'))
    with pytest.raises(SystemExit) as exit_info:
        zoo_table.main(['--check', '--root', str(tmp_path)])
    assert exit_info.value.code == 1
    assert 'differs from the metafiles' in capsys.readouterr().err
    zoo_table.main(['--write', '--root', str(tmp_path)])
    assert 'R@1 45.0' in (tmp_path / 'README.md').read_text()
    assert zoo_table.main(['--check', '--root', str(tmp_path)]) == 0


def test_weights_column_says_where_each_checkpoint_is():
    base = dict(Config='configs/x/y.py',
                **{'In Collection': 'RSPNet'},
                Metadata={
                    'Architecture': 'R3D-18 (Hara)',
                    'Training Data': 'Kinetics-400',
                    'Epochs': 200,
                    'Input': '16x112x112',
                    'Modality': 'RGB'
                })
    release = ('https://github.com/PeihaoChen/RSPNet/releases/download/'
               'pretrained_model/model_best_resnet18_200epoch.pth.tar')
    models = [
        dict(base,
             Name='hosted',
             Weights='https://example.org/zoo/hosted-0123abcd.pth'),
        dict(base,
             Name='released',
             Weights=None,
             **{
                 'Converted From': {
                     'Weights': release
                 },
                 'Converter':
                 'python tools/model_converters/rspnet_to_mmssl.py '
                 'IN OUT'
             }),
        dict(base, Name='none', Weights=None),
    ]
    rows = zoo_table.render_table(models).splitlines()[2:]
    cells = [row.split(' | ')[-1].rstrip(' |') for row in rows]
    assert cells[0] == ('[hosted-0123abcd.pth]'
                        '(https://example.org/zoo/hosted-0123abcd.pth)')
    assert cells[1] == (
        "converted from the authors' release [model_best_resnet18_200epoch"
        f'.pth.tar]({release}) with `python tools/model_converters/'
        'rspnet_to_mmssl.py IN OUT`')
    assert cells[2] == 'not released'
    assert rows[0].startswith('| [`hosted`](configs/x/y.py) | RSPNet | '
                              'R3D-18 (Hara) | Kinetics-400, 200 epochs | '
                              '16x112x112 RGB |  |')
