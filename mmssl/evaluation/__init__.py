from . import functional, metrics  # noqa: F401
