import pytest
import torch
import torch.nn as nn

from mmssl.models.utils import MomentumEncoder


def make_query():
    torch.manual_seed(0)
    return nn.Sequential(nn.Conv1d(2, 3, 1), nn.BatchNorm1d(3))


def test_first_update_copies_later_updates_average():
    query = make_query()
    key = MomentumEncoder(query, momentum=0.9)
    with torch.no_grad():
        query[0].weight.add_(1.0)  # e.g. init_weights after construction
    key.update_parameters(query)
    assert torch.equal(key.module[0].weight, query[0].weight)

    before_key = key.module[0].weight.clone()
    with torch.no_grad():
        query[0].weight.mul_(-2.0)
    key.update_parameters(query)
    expected = 0.9 * before_key + 0.1 * query[0].weight
    assert torch.allclose(key.module[0].weight, expected, atol=1e-7)
    assert not torch.allclose(key.module[0].weight, query[0].weight)


def test_buffers_follow_the_query_encoder():
    query = make_query()
    key = MomentumEncoder(query)
    key.update_parameters(query)
    query.train()(torch.randn(4, 2, 5))  # moves the BN running mean
    key.update_parameters(query)
    assert torch.equal(key.module[1].running_mean, query[1].running_mean)


def test_copy_takes_no_gradient():
    key = MomentumEncoder(make_query())
    assert not any(p.requires_grad for p in key.parameters())


@pytest.mark.parametrize('momentum', [0, 1, 1.5])
def test_momentum_outside_the_open_unit_interval_is_refused(momentum):
    with pytest.raises(ValueError, match=f'momentum={momentum}'):
        MomentumEncoder(make_query(), momentum=momentum)
