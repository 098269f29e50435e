from . import algorithms, heads, losses, necks  # noqa: F401
from . import utils  # noqa: F401
from . import recognizers  # noqa: F401
