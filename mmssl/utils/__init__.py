from .checkpoint import enable_safe_checkpoints, safe_checkpoint_globals
from .cli import build_runner, exit_on_user_error
from .runner_setup import ConfigKeyError, adapt_to_device, check_config_keys
from .setup_env import check_dependencies, register_all_modules

__all__ = [
    'ConfigKeyError', 'adapt_to_device', 'build_runner', 'check_config_keys',
    'check_dependencies', 'enable_safe_checkpoints', 'exit_on_user_error',
    'register_all_modules', 'safe_checkpoint_globals'
]
