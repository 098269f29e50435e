"""The tool layer: what ``tools/`` needs to turn a command line into a run.

Imported by the tools only; the models, datasets and engine never import
it.
"""
from .config_checks import (RUNNER_KEYS, accepted_keys, check_component_keys,
                            check_config, check_config_values,
                            check_label_spaces, check_top_level_keys)
from .device import adapt_to_device, exit_with_launcher
from .runner import build_runner, load_config
from .user_errors import exit_on_user_error, find_user_error

__all__ = [
    'RUNNER_KEYS', 'accepted_keys', 'adapt_to_device', 'build_runner',
    'check_component_keys', 'check_config', 'check_config_values',
    'check_label_spaces', 'check_top_level_keys', 'exit_on_user_error',
    'exit_with_launcher', 'find_user_error', 'load_config'
]
