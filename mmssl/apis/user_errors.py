"""The one handler of user errors shared by every tool."""
import functools
import os
import sys
from typing import Optional

from mmssl.errors import UserError

#: Printed before the message of a user error.
PREFIX = 'error: '


def find_user_error(error: BaseException) -> Optional[BaseException]:
    """The first user error in the chain of ``error`` (itself, its cause or
    context): a :class:`~mmssl.errors.UserError`, or a ``FileNotFoundError``
    (a file the user named is missing). None when the chain has none."""
    seen = set()
    while error is not None and id(error) not in seen:
        seen.add(id(error))
        if isinstance(error, (UserError, FileNotFoundError)):
            return error
        error = error.__cause__ or error.__context__
    return None


def user_error_message(error: BaseException) -> str:
    """One line for a user error.

    A ``FileNotFoundError`` names its file; an error re-raised from a
    DataLoader worker (whose message holds the worker's traceback) keeps its
    last line, without the exception's module path.
    """
    if isinstance(error, FileNotFoundError) and error.filename and \
            not isinstance(error, UserError):
        return f'{error.strerror or "file not found"}: {error.filename}'
    message = str(error.args[0]) if error.args else str(error)
    if 'Original Traceback' in message:
        message = message.strip().splitlines()[-1]
        name = type(error).__name__
        if f'{name}: ' in message:
            message = message.split(f'{name}: ', 1)[1]
    return ' '.join(message.split())


def exit_on_user_error(main):
    """Decorate a tool's ``main``: user errors print one line and exit 1.

    Anything else is a bug and keeps its traceback. ``MMSSL_DEBUG=1`` shows
    the traceback of user errors too.
    """

    @functools.wraps(main)
    def wrapper(*args, **kwargs):
        try:
            return main(*args, **kwargs)
        except Exception as error:
            user_error = find_user_error(error)
            if user_error is None or os.environ.get('MMSSL_DEBUG'):
                raise
            print(PREFIX + user_error_message(user_error), file=sys.stderr)
            sys.exit(1)

    return wrapper
