"""Converters of foreign checkpoints: each source layout is rebuilt from its
architecture (``source_architectures``), saved in the source's checkpoint
format, converted, loaded strictly into the target config's backbone and
must give the source's features."""
import argparse
import importlib.util
import os.path as osp

import pytest
import torch
from mmaction.models.backbones import ResNet3d

from mmssl.models.utils import load_backbone_checkpoint
from mmssl.models.utils.state_dict_conversion import build_backbone
from mmssl.utils import safe_load
from tests.conftest import REPO_ROOT
from tests.test_tools.source_architectures import (VCOPC3D, FactorizedConv,
                                                   HaraResNet18, PlainConv,
                                                   VCOPResNet, randomize)
from tests.test_tools.toy_run import python_tool

MODELS = osp.join(REPO_ROOT, 'configs', '_base_', 'models')


def load_tool(name):
    path = osp.join(REPO_ROOT, 'tools', 'model_converters', f'{name}.py')
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope='module')
def clip():
    return torch.randn(1,
                       3,
                       8,
                       32,
                       32,
                       generator=torch.Generator().manual_seed(1))


def convert(tool, checkpoint, tmp_path, *options):
    source, output = tmp_path / 'source.pth.tar', tmp_path / 'converted.pth'
    torch.save(checkpoint, source)
    report = load_tool(tool).main([str(source), str(output), *options])
    return report, str(output)


def converted_features(output, config, clip):
    """Features of ``config``'s backbone after a strict load of
    ``output``."""
    backbone = build_backbone(osp.join(MODELS, config))
    report = load_backbone_checkpoint(backbone, output, strict=True)
    assert report.exact
    assert len(report.loaded) == len(backbone.state_dict())
    backbone.eval()
    with torch.no_grad():
        return backbone(clip)


def assert_same_features(actual, expected):
    assert actual.shape == expected.shape
    torch.testing.assert_close(actual,
                               expected,
                               rtol=1e-4,
                               atol=1e-5 * expected.abs().max().item())


def optimizer_state(weights):
    """A plain SGD state dict, as saved next to the weights."""
    return dict(state={0: dict(momentum_buffer=torch.zeros(3))},
                param_groups=[
                    dict(lr=0.1,
                         momentum=0.9,
                         params=list(range(len(weights))))
                ])


def rspnet_checkpoint(arch, encoder):
    """RSPNet's pretrain.py checkpoint of a MoCo model whose query and key
    encoders hold ``encoder`` and the two projections."""
    model = {}
    for branch in ('encoder_q', 'encoder_k'):
        model.update({
            f'{branch}.encoder.{key}': value
            for key, value in encoder.state_dict().items()
        })
        for head in ('fc1', 'fc2'):
            model[f'{branch}.{head}.2.weight'] = torch.randn(128, 512)
            model[f'{branch}.{head}.2.bias'] = torch.randn(128)
    model['queue'] = torch.randn(128, 64)
    model['queue_ptr'] = torch.zeros(1, dtype=torch.long)
    return dict(epoch=200,
                arch=arch,
                model=model,
                best_loss=4.25,
                optimizer=optimizer_state(model),
                scheduler=dict(T_max=200,
                               eta_min=1e-4,
                               base_lrs=[0.1],
                               last_epoch=200,
                               _last_lr=[1e-4]))


@pytest.fixture(scope='module')
def hara_release(tmp_path_factory, clip):
    """A converted RSPNet resnet18 release and its source features."""
    source = randomize(HaraResNet18())
    report, output = convert('rspnet_to_mmssl',
                             rspnet_checkpoint('resnet18', source),
                             tmp_path_factory.mktemp('hara'))
    with torch.no_grad():
        return report, output, source.features(clip)


def check_rspnet_release(report, output, features, arch, config, head,
                         backbone_keys, clip):
    assert_same_features(converted_features(output, config, clip), features)
    assert report.config.endswith(config)
    assert report.converted == backbone_keys
    assert report.dropped == {
        'encoder_k.encoder.*': backbone_keys + 2,
        'encoder_k.fc1.*': 2,
        'encoder_k.fc2.*': 2,
        'encoder_q.encoder.*': 2,
        'encoder_q.fc1.*': 2,
        'encoder_q.fc2.*': 2,
        'queue': 1,
        'queue_ptr': 1
    }
    written = safe_load(output)
    assert set(written) == {'state_dict', 'meta'}
    assert not [
        key for key in written['state_dict']
        if not key.startswith('backbone.') or f'.{head}.' in key
    ]
    assert written['meta']['source_arch'] == arch
    assert written['meta']['source_epoch'] == 200


def test_rspnet_resnet18_release(hara_release, clip):
    check_rspnet_release(*hara_release, 'resnet18', 'r3d18_hara.py', 'fc', 120,
                         clip)


@pytest.mark.parametrize('arch,make_source,config', [
    ('c3d', lambda: VCOPC3D(num_classes=1), 'c3d_vcop.py'),
    ('r2plus1d-vcop', lambda: VCOPResNet(FactorizedConv, num_classes=1),
     'r2plus1d10_vcop.py'),
])
def test_rspnet_vcop_releases(arch, make_source, config, tmp_path, clip):
    source = randomize(make_source())
    report, output = convert('rspnet_to_mmssl',
                             rspnet_checkpoint(arch, source), tmp_path)
    with torch.no_grad():
        features = source.features(clip)
    check_rspnet_release(report, output, features, arch, config, 'linear',
                         len(source.state_dict()) - 2, clip)


def test_hara_resnet_needs_its_temporal_max_pool(hara_release, clip):
    """The converted weights also fit MMAction2's ResNet3d key for key, but
    its 1x3x3 stem pool gives other features: hence ResNet3dHara."""
    _, output, features = hara_release
    plain = ResNet3d(depth=18,
                     conv1_kernel=(7, 7, 7),
                     pool1_stride_t=2,
                     with_pool2=False,
                     temporal_strides=(1, 2, 2, 2),
                     pretrained2d=False)
    assert load_backbone_checkpoint(plain, output, strict=True).exact
    plain.eval()
    with torch.no_grad():
        plain_features = plain(clip)
    assert plain_features.shape == features.shape
    assert (plain_features - features).abs().max() > 0.1 * features.abs().max()


def pace_checkpoint(network):
    """Pace Prediction's epoch-XX.pth.tar of a DataParallel model."""
    state_dict = {
        f'module.{key}': value
        for key, value in network.state_dict().items()
    }
    return {
        'epoch': 17,
        'state_dict': state_dict,
        'opt_dict': optimizer_state(state_dict)
    }


@pytest.mark.parametrize('make_source,config', [
    (lambda: VCOPResNet(PlainConv), 'r3d10_vcop.py'),
    (lambda: VCOPResNet(FactorizedConv), 'r2plus1d10_vcop.py'),
])
def test_pace_checkpoint(make_source, config, tmp_path, clip):
    source = randomize(make_source())
    report, output = convert('pace_to_mmssl', pace_checkpoint(source),
                             tmp_path)
    with torch.no_grad():
        expected = source.features(clip)
    assert_same_features(converted_features(output, config, clip), expected)
    assert report.dropped == {'linear.*': 2}


def test_pace_r3d18_loads_into_mmssl_r3d18_only_with_config(
        tmp_path, clip, capsys):
    """VCOP's R3D with two blocks per stage is mmssl's R3D-18: the R3D-10
    default refuses it by name, --config r3d18.py converts it exactly."""
    source = randomize(VCOPResNet(PlainConv, layer_sizes=(2, 2, 2, 2)))
    with pytest.raises(SystemExit) as exit_info:
        convert('pace_to_mmssl', pace_checkpoint(source), tmp_path)
    assert exit_info.value.code == 1
    error = capsys.readouterr().err.strip()
    assert error.startswith('error: ') and len(error.splitlines()) == 1
    assert '48 unexpected keys (layer1.1.conv1.bn.bias, ' in error
    assert not (tmp_path / 'converted.pth').exists()
    _, output = convert('pace_to_mmssl', pace_checkpoint(source), tmp_path,
                        '--config', osp.join(MODELS, 'r3d18.py'))
    with torch.no_grad():
        expected = source.features(clip)
    assert_same_features(converted_features(output, 'r3d18.py', clip),
                         expected)


def test_concepts_checkpoint(tmp_path, clip):
    source = randomize(build_backbone(osp.join(MODELS, 'r3d18.py')), seed=3)
    state_dict = {
        f'module.backbone.{key}': value
        for key, value in source.state_dict().items()
    }
    state_dict.update({
        'module.prototypes_static': torch.randn(50, 512),
        'module.prototypes_dynamic': torch.randn(50, 512),
        'module.decoder.0.weight': torch.randn(512, 100),
        'module.queue': torch.randn(512, 64),
    })
    report, output = convert('concepts_to_mmssl',
                             dict(epoch=100, state_dict=state_dict), tmp_path)
    with torch.no_grad():
        expected = source(clip)
    assert_same_features(converted_features(output, 'r3d18.py', clip),
                         expected)
    assert report.layout == 'MMAction2 ResNet3d'
    assert report.dropped == {
        'decoder.0.*': 1,
        'prototypes_dynamic': 1,
        'prototypes_static': 1,
        'queue': 1
    }


def test_mmaction0x_checkpoint(tmp_path, clip):
    source = randomize(build_backbone(osp.join(MODELS, 'r2plus1d18.py')))
    state_dict = {
        f'backbone.{key}': value
        for key, value in source.state_dict().items()
    }
    state_dict['cls_head.fc_cls.weight'] = torch.randn(5, 512)
    state_dict['cls_head.fc_cls.bias'] = torch.randn(5)
    meta = dict(mmcv_version='1.3.16',
                time='Fri Nov 12 10:02:33 2021',
                epoch=200,
                iter=18000,
                config="model = dict(type='Recognizer3D')",
                hook_msgs=dict(last_ckpt='work_dirs/x/epoch_200.pth'))
    report, output = convert(
        'mmaction0x_to_mmssl',
        dict(meta=meta,
             state_dict=state_dict,
             optimizer=optimizer_state(state_dict)), tmp_path)
    with torch.no_grad():
        expected = source(clip)
    assert_same_features(converted_features(output, 'r2plus1d18.py', clip),
                         expected)
    assert report.dropped == {'cls_head.fc_cls.*': 2}
    written_meta = safe_load(output)['meta']
    assert written_meta['source_mmcv_version'] == '1.3.16'
    assert written_meta['source_iter'] == 18000
    assert 'source_hook_msgs' not in written_meta


@pytest.mark.parametrize('wrap,options,dropped', [
    (lambda sd: sd, [], {
        'linear.*': 2
    }),
    (lambda sd: {
        'model': {
            f'module.encoder.{k}': v
            for k, v in sd.items()
        }
    }, ['--prefix', 'encoder.'], {
        'encoder.linear.*': 2
    }),
])
def test_generic_prefixes(wrap, options, dropped, tmp_path, clip):
    source = randomize(VCOPResNet(PlainConv))
    report, output = convert('generic_to_mmssl', wrap(source.state_dict()),
                             tmp_path, *options)
    with torch.no_grad():
        expected = source.features(clip)
    assert_same_features(converted_features(output, 'r3d10_vcop.py', clip),
                         expected)
    assert report.dropped == dropped


def test_s3dg_and_unsafe_sources_are_refused(tmp_path, capsys):
    s3dg = dict(arch='s3dg',
                model={
                    'encoder_q.encoder.base.0.conv1.weight':
                    torch.randn(64, 3, 3, 7, 7),
                    'encoder_q.encoder.fc.weight':
                    torch.randn(1, 1024)
                })
    with pytest.raises(SystemExit):
        convert('rspnet_to_mmssl', s3dg, tmp_path)
    error = capsys.readouterr().err
    assert 'unknown backbone layout' in error and 'S3D-G' in error
    unsafe = dict(args=argparse.Namespace(lr=0.1),
                  state_dict=VCOPC3D().state_dict())
    with pytest.raises(SystemExit):
        convert('pace_to_mmssl', unsafe, tmp_path)
    error = capsys.readouterr().err.strip()
    assert error.startswith('error: ') and 'refused' in error
    assert 'argparse.Namespace' in error
    assert not (tmp_path / 'converted.pth').exists()


def test_command_line(tmp_path):
    source = tmp_path / 'epoch-18.pth.tar'
    torch.save(pace_checkpoint(VCOPC3D()), source)
    result = python_tool('model_converters/pace_to_mmssl.py', str(source),
                         str(tmp_path / 'out.pth'))
    assert result.returncode == 0, result.stderr[-2000:]
    assert 'source: ' in result.stdout and '(VCOP C3D layout)' in result.stdout
    assert 'dropped (not backbone): linear.* (2)' in result.stdout
    assert 'c3d_vcop.py (C3DVCOP): 0 missing' in result.stdout
