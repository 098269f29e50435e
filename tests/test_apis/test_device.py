import datetime

from mmengine.config import Config

from mmssl.apis import adapt_to_device


def test_cpu_distributed_uses_gloo_without_device_ids(monkeypatch):
    calls = []
    monkeypatch.setattr('torch.cuda.is_available', lambda: False)
    monkeypatch.setattr('torch.distributed.init_process_group',
                        lambda **kwargs: calls.append(kwargs))
    cfg = Config(
        dict(launcher='pytorch', env_cfg=dict(dist_cfg=dict(backend='nccl'))))
    adapt_to_device(cfg)
    assert cfg.env_cfg.dist_cfg.backend == 'gloo'
    assert cfg.model_wrapper_cfg.device_ids is None
    assert calls == [
        dict(backend='gloo', timeout=datetime.timedelta(seconds=120))
    ]
    assert cfg.env_cfg.dist_cfg.timeout == 120


def test_gpu_and_single_process_configs_untouched(monkeypatch):
    cfg = Config(
        dict(launcher='none', env_cfg=dict(dist_cfg=dict(backend='nccl'))))
    adapt_to_device(cfg)
    assert cfg.env_cfg.dist_cfg.backend == 'nccl'
    monkeypatch.setattr('torch.cuda.is_available', lambda: True)
    cfg.launcher = 'pytorch'
    adapt_to_device(cfg)
    assert cfg.env_cfg.dist_cfg.backend == 'nccl'
    assert cfg.env_cfg.dist_cfg.timeout == 1800
    assert 'model_wrapper_cfg' not in cfg


def test_configured_timeout_is_kept(monkeypatch):
    monkeypatch.setattr('torch.cuda.is_available', lambda: False)
    monkeypatch.setattr('torch.distributed.init_process_group',
                        lambda **kwargs: None)
    cfg = Config(
        dict(launcher='pytorch', env_cfg=dict(dist_cfg=dict(timeout=7))))
    adapt_to_device(cfg)
    assert cfg.env_cfg.dist_cfg.timeout == 7
