"""mmssl: self-supervised video representation learning on MMAction2."""
from .utils.setup_env import check_dependencies
from .version import __version__

check_dependencies()

__all__ = ['__version__']
