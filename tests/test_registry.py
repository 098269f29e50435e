import pytest
import torch.nn as nn
from mmengine.config import Config

from mmssl.registry import MODELS, TRANSFORMS


def test_mmssl_component_builds_from_config():

    @MODELS.register_module(force=True)
    class TinyProbe(nn.Module):

        def __init__(self, width):
            super().__init__()
            self.width = width

    try:
        cfg = Config(dict(model=dict(type='TinyProbe', width=3)))
        probe = MODELS.build(cfg.model)
        assert isinstance(probe, TinyProbe) and probe.width == 3
        assert MODELS.scope == 'mmssl'
    finally:
        MODELS._module_dict.pop('TinyProbe')


@pytest.mark.parametrize('name', ['ResNet3d', 'ResNet2Plus1d', 'C3D'])
def test_mmaction_backbones_resolve_from_mmssl_scope(name):
    cls = MODELS.get(name)
    assert cls is not None and cls.__module__.startswith('mmaction.')


def test_mmaction_transforms_resolve_from_mmssl_scope():
    assert TRANSFORMS.get('DecordInit').__module__.startswith('mmaction.')


def test_backbone_base_configs_build():
    for name, channels in [('r3d18', 512), ('r2plus1d18', 512), ('c3d', 4096)]:
        cfg = Config.fromfile(f'configs/_base_/models/{name}.py')
        backbone = MODELS.build(cfg.backbone)
        assert isinstance(backbone, nn.Module)
        assert cfg.feat_dim == channels


def test_unknown_type_names_it():
    with pytest.raises(KeyError, match='NoSuchBackbone'):
        MODELS.build(dict(type='NoSuchBackbone'))
