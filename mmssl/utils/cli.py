"""Command-line helpers shared by the tools."""
import functools
import os
import os.path as osp
import sys

from .runner_setup import ConfigKeyError, adapt_to_device, check_config_keys

#: Exceptions caused by user input (files, config keys, registry names).
USER_ERRORS = (FileNotFoundError, ConfigKeyError, KeyError, ValueError)


def exit_on_user_error(main):
    """Print user-input errors as one line instead of a traceback.

    The message of the first user error in the exception chain is printed
    (MMEngine wraps build errors in others) and the process exits with 1.
    Set ``MMSSL_DEBUG=1`` to get the full traceback.
    """

    @functools.wraps(main)
    def wrapper(*args, **kwargs):
        try:
            return main(*args, **kwargs)
        except USER_ERRORS as err:
            if os.environ.get('MMSSL_DEBUG'):
                raise
            print(f'error: {_message(err)}', file=sys.stderr)
            sys.exit(1)

    return wrapper


def _message(err):
    message = err.args[0] if err.args and isinstance(err.args[0], str) \
        else str(err)
    if isinstance(err, FileNotFoundError) and err.filename:
        message = f'{err.strerror or "file not found"}: {err.filename}'
    if 'Original Traceback' in message:
        # Re-raised from a DataLoader worker: keep the original error line.
        message = message.strip().splitlines()[-1]
    return ' '.join(str(message).split())


def build_runner(args, merge_args):
    """Build the MMEngine runner of a tool from its parsed arguments.

    Loads ``args.config``, sets the work directory (``--work-dir``, else the
    config's, else ``work_dirs/<config name>``) and the launcher, applies the
    tool's ``merge_args(cfg, args)``, checks the config keys and adapts
    distributed settings to the machine.
    """
    from mmengine.config import Config
    from mmengine.runner import Runner

    from .setup_env import register_all_modules
    register_all_modules(init_default_scope=False)
    cfg = Config.fromfile(args.config)
    cfg.launcher = args.launcher
    if args.work_dir is not None:
        cfg.work_dir = args.work_dir
    elif cfg.get('work_dir', None) is None:
        cfg.work_dir = osp.join('./work_dirs',
                                osp.splitext(osp.basename(args.config))[0])
    cfg = merge_args(cfg, args)
    if args.cfg_options is not None:
        cfg.merge_from_dict(args.cfg_options)
    check_config_keys(cfg, args.config)
    adapt_to_device(cfg)
    return Runner.from_cfg(cfg)
