"""Command-line helpers shared by the tools."""
import functools
import os
import sys

from .runner_setup import ConfigKeyError

#: Exceptions caused by user input (files, config keys, registry names).
USER_ERRORS = (FileNotFoundError, ConfigKeyError, KeyError, ValueError)


def exit_on_user_error(main):
    """Print user-input errors as one line instead of a traceback.

    The message of the first user error in the exception chain is printed
    (MMEngine wraps build errors in others) and the process exits with 1.
    Set ``MMSSL_DEBUG=1`` to get the full traceback.
    """

    @functools.wraps(main)
    def wrapper(*args, **kwargs):
        try:
            return main(*args, **kwargs)
        except USER_ERRORS as err:
            if os.environ.get('MMSSL_DEBUG'):
                raise
            print(f'error: {_message(err)}', file=sys.stderr)
            sys.exit(1)

    return wrapper


def _message(err):
    message = err.args[0] if err.args and isinstance(err.args[0], str) \
        else str(err)
    if isinstance(err, FileNotFoundError) and err.filename:
        message = f'{err.strerror or "file not found"}: {err.filename}'
    if 'Original Traceback' in message:
        # Re-raised from a DataLoader worker: keep the original error line.
        message = message.strip().splitlines()[-1]
    return ' '.join(str(message).split())
