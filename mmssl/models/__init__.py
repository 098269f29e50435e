from . import algorithms, heads, losses, necks  # noqa: F401
