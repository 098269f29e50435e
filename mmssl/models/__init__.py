from . import algorithms, backbones, heads, losses, necks  # noqa: F401
from . import utils  # noqa: F401
from . import recognizers  # noqa: F401
from . import data_preprocessors  # noqa: F401
