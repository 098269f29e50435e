"""Errors caused by user input, which the tools print as one line.

Every class derives from :class:`UserError` and from the builtin exception a
caller would otherwise expect (``KeyError``, ``ValueError``, ...), so code
that catches the builtin keeps working. :func:`mmssl.apis.exit_on_user_error`
prints a :class:`UserError` found anywhere in an exception chain as
``error: <message>`` and exits with 1; every other exception is a bug and
keeps its traceback. This module imports nothing, so every layer can use it.
"""


class UserError(Exception):
    """Marker base: the input (a file, a config, a checkpoint) is wrong.

    The message must name what is wrong: the file (with its line where it
    has one), the full dotted config key, or the value.
    """

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else type(self).__name__


class InputFileError(UserError, OSError):
    """A file that is missing, empty or cannot be decoded."""

    def __init__(self, message: str, filename: str = None):
        super().__init__(message)
        self.filename = filename


class MissingFileError(InputFileError, FileNotFoundError):
    """A file that does not exist."""


class AnnotationError(UserError, ValueError):
    """An annotation file that is empty or holds a bad line or label."""


class ConfigKeyError(UserError, KeyError):
    """A config key that does not exist, named by its full dotted path."""


class ConfigValueError(UserError, ValueError):
    """A config or command-line value that cannot be right."""


class CheckpointError(UserError, ValueError):
    """A checkpoint that is unsafe, unreadable, or does not fit the model."""


class NonFiniteError(UserError, FloatingPointError):
    """Weights or a training loss that are NaN or infinite."""
