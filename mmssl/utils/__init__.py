from .setup_env import check_dependencies, register_all_modules

__all__ = ['check_dependencies', 'register_all_modules']
