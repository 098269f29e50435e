import numpy as np
import pytest
import torch
import torch.nn as nn
from mmengine.logging import MessageHub

from mmssl.models.utils import load_backbone_checkpoint, read_state_dict


class TinyBackbone(nn.Module):

    def __init__(self):
        super().__init__()
        self.conv = nn.Conv3d(3, 4, 1)
        self.bn = nn.BatchNorm3d(4)


class TinyRecognizer(nn.Module):

    def __init__(self):
        super().__init__()
        self.backbone = TinyBackbone()
        self.cls_head = nn.Linear(4, 5)


def algorithm_checkpoint(path, ddp=False):
    """An MMEngine-style checkpoint of a pre-training algorithm."""
    weights = {
        f'backbone.{key}': torch.full_like(value, 7.0)
        for key, value in TinyBackbone().state_dict().items()
    }
    weights.pop('backbone.bn.running_var')
    weights['backbone.conv.bias'] = torch.zeros(9)
    weights['backbone.extra.weight'] = torch.ones(2)
    weights['backbone_k.conv.weight'] = torch.ones(1)
    weights['head.fc.weight'] = torch.ones(2, 4)
    if ddp:
        weights = {f'module.{key}': value for key, value in weights.items()}
    hub = MessageHub.get_instance('backbone_checkpoint_test')
    hub.update_scalar('train/loss', 1.0)
    torch.save(
        dict(
            meta=dict(epoch=np.int64(3), seed=1),
            state_dict=weights,
            message_hub=hub.state_dict()), path)
    return path


@pytest.mark.parametrize('ddp', [False, True])
def test_backbone_weights_load_and_are_reported(tmp_path, ddp):
    path = algorithm_checkpoint(str(tmp_path / 'pretrain.pth'), ddp)
    model = TinyRecognizer()
    head_before = model.cls_head.weight.clone()
    report = load_backbone_checkpoint(model, path)
    assert report.loaded == [
        'bn.bias', 'bn.num_batches_tracked', 'bn.running_mean', 'bn.weight',
        'conv.weight'
    ]
    assert report.missing == ['bn.running_var']
    assert report.unexpected == ['extra.weight']
    assert report.mismatched == ['conv.bias: checkpoint (9,) vs backbone (4,)']
    assert not report.exact
    assert (model.backbone.conv.weight == 7).all()
    assert (model.backbone.bn.running_mean == 7).all()
    assert (model.backbone.bn.running_var == 1).all()
    assert torch.equal(model.cls_head.weight, head_before)


def test_bare_backbone_and_empty_prefix(tmp_path):
    source = TinyBackbone()
    path = str(tmp_path / 'backbone.pth')
    torch.save(source.state_dict(), path)
    target = TinyBackbone()
    report = load_backbone_checkpoint(target, path, prefix='', strict=True)
    assert report.exact and len(report.loaded) == 7
    assert torch.equal(target.conv.weight, source.conv.weight)


def test_strict_and_unknown_prefix_raise_naming_keys(tmp_path):
    path = algorithm_checkpoint(str(tmp_path / 'pretrain.pth'))
    with pytest.raises(KeyError, match=r"missing keys: \['bn.running_var'\]"):
        load_backbone_checkpoint(TinyBackbone(), path, strict=True)
    with pytest.raises(KeyError, match=r"prefix \"encoder.\".*'backbone_k.'"):
        load_backbone_checkpoint(TinyBackbone(), path, prefix='encoder.')


class _Payload:

    def __reduce__(self):
        return (print, ('pwned', ))


def test_read_state_dict_errors(tmp_path):
    path = str(tmp_path / 'payload.pth')
    torch.save(dict(state_dict=dict(w=torch.ones(1)), evil=_Payload()), path)
    with pytest.raises(ValueError,
                       match='payload.pth: refused, .*GLOBAL print'):
        read_state_dict(path)
    with pytest.raises(FileNotFoundError, match='missing.pth'):
        read_state_dict(str(tmp_path / 'missing.pth'))
    path = str(tmp_path / 'not_weights.pth')
    torch.save(dict(meta=dict(epoch=1)), path)
    with pytest.raises(ValueError, match='not_weights.pth: expected a state'):
        read_state_dict(path)
