from .checkpoint import (atomic_save, check_finite, enable_safe_checkpoints,
                         safe_checkpoint_globals, safe_load)
from .download import download_checkpoint
from .setup_env import check_dependencies, register_all_modules

__all__ = [
    'atomic_save', 'check_dependencies', 'check_finite', 'download_checkpoint',
    'enable_safe_checkpoints', 'register_all_modules',
    'safe_checkpoint_globals', 'safe_load'
]
