import pytest

from mmssl.apis import exit_on_user_error, find_user_error
from mmssl.errors import CheckpointError, ConfigKeyError, InputFileError


def test_user_error_in_chain_is_found():
    try:
        try:
            raise ConfigKeyError('c.py: unknown config key "a.b"')
        except KeyError as inner:
            raise RuntimeError('wrapped by a builder') from inner
    except RuntimeError as outer:
        found = find_user_error(outer)
    assert str(found) == 'c.py: unknown config key "a.b"'
    assert find_user_error(ValueError('a bug')) is None


@pytest.mark.parametrize('error, line', [
    (CheckpointError('x.pth: refused'), 'error: x.pth: refused'),
    (FileNotFoundError(2, 'No such file or directory', '/no/file'),
     'error: No such file or directory: /no/file'),
    (InputFileError('Caught InputFileError in DataLoader worker process 0.'
                    '\nOriginal Traceback (most recent call last):\n  ...\n'
                    'mmssl.errors.InputFileError: bad.mp4: cannot decode'),
     'error: bad.mp4: cannot decode'),
])
def test_user_errors_print_one_line(capsys, error, line):

    @exit_on_user_error
    def main():
        raise error

    with pytest.raises(SystemExit) as info:
        main()
    assert info.value.code == 1
    assert capsys.readouterr().err.strip() == line


@pytest.mark.parametrize('bug', [KeyError('epoch'), ValueError('101')])
def test_bugs_keep_their_traceback(bug):

    @exit_on_user_error
    def main():
        raise bug

    with pytest.raises(type(bug)):
        main()
