"""mmssl: self-supervised video representation learning on MMAction2."""
# OpenCV must load its zlib before decord's bundled, older one: with decord
# first, cv2.imwrite/imread of PNG files silently fail.
import cv2  # noqa: F401,I001
from .utils.setup_env import check_dependencies
from .version import __version__

check_dependencies()

__all__ = ['__version__']
