"""Building the runner of a tool from its command line."""
import os
import os.path as osp

from mmengine.config import Config

from mmssl.errors import InputFileError

from .config_checks import check_config
from .device import adapt_to_device, exit_with_launcher


def load_config(filename: str) -> Config:
    """``Config.fromfile`` with a one-line error for a missing file."""
    if not osp.isfile(filename):
        raise InputFileError(f'config file not found: {filename}', filename)
    return Config.fromfile(filename)


def build_runner(args, merge_args):
    """Build the runner of a tool from its parsed arguments.

    Loads ``args.config``, sets the work directory (``--work-dir``, else the
    config's, else ``work_dirs/<config name>``) and the launcher, applies the
    tool's ``merge_args(cfg, args)`` and ``--cfg-options``, checks the config
    (:func:`~mmssl.apis.config_checks.check_config`), adapts distributed
    settings to the machine, and builds mmssl's
    :class:`~mmssl.engine.runner.SafeRunner` (or the config's
    ``runner_type``). Distributed workers end when their launcher dies.
    """
    from mmssl.engine.runner import SafeRunner
    from mmssl.registry import RUNNERS
    from mmssl.utils import register_all_modules
    register_all_modules(init_default_scope=False)
    cfg = load_config(args.config)
    cfg.launcher = args.launcher
    if args.work_dir is not None:
        cfg.work_dir = args.work_dir
    elif cfg.get('work_dir', None) is None:
        cfg.work_dir = osp.join('./work_dirs',
                                osp.splitext(osp.basename(args.config))[0])
    cfg = merge_args(cfg, args)
    if args.cfg_options is not None:
        cfg.merge_from_dict(args.cfg_options)
    check_config(cfg, args.config)
    if cfg.launcher != 'none' and 'LOCAL_RANK' in os.environ:
        exit_with_launcher()
    adapt_to_device(cfg)
    if 'runner_type' in cfg:
        return RUNNERS.build(cfg)
    return SafeRunner.from_cfg(cfg)
