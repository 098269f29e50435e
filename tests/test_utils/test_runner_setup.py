import pytest
from mmengine.config import Config

from mmssl.utils import ConfigKeyError, adapt_to_device, check_config_keys


def test_typo_of_runner_key_is_named():
    cfg = Config(dict(trian_dataloader=dict(), data_root='x'))
    with pytest.raises(ConfigKeyError, match='"trian_dataloader".*'
                       '"train_dataloader"'):
        check_config_keys(cfg, 'my_config.py')


def test_free_variables_are_allowed():
    check_config_keys(Config(dict(data_root='x', clip_len=16, model={})))


def test_cpu_distributed_uses_gloo_without_device_ids(monkeypatch):
    calls = []
    monkeypatch.setattr('torch.cuda.is_available', lambda: False)
    monkeypatch.setattr('torch.distributed.init_process_group',
                        lambda **kwargs: calls.append(kwargs))
    cfg = Config(dict(launcher='pytorch',
                      env_cfg=dict(dist_cfg=dict(backend='nccl'))))
    adapt_to_device(cfg)
    assert cfg.env_cfg.dist_cfg.backend == 'gloo'
    assert cfg.model_wrapper_cfg.device_ids is None
    assert calls == [dict(backend='gloo')]


def test_gpu_and_single_process_configs_untouched(monkeypatch):
    cfg = Config(dict(launcher='none',
                      env_cfg=dict(dist_cfg=dict(backend='nccl'))))
    adapt_to_device(cfg)
    assert cfg.env_cfg.dist_cfg.backend == 'nccl'
    monkeypatch.setattr('torch.cuda.is_available', lambda: True)
    cfg.launcher = 'pytorch'
    adapt_to_device(cfg)
    assert cfg.env_cfg.dist_cfg.backend == 'nccl'
    assert 'model_wrapper_cfg' not in cfg
