from . import hooks  # noqa: F401
from . import runner  # noqa: F401
