import os
import os.path as osp
import shutil
import sys

from setuptools import find_packages, setup

HERE = osp.dirname(osp.abspath(__file__))
#: What OpenMMLab's ``mim`` reads from ``<package>/.mim``: the configs, the
#: tools (``mim train``/``test`` run them) and the model index.
MIM_FILES = ('configs', 'tools', 'model-index.yml')


def read_requirements(name):
    """Requirement lines of ``requirements/<name>.txt`` without comments."""
    with open(osp.join(HERE, 'requirements', f'{name}.txt')) as f:
        lines = (line.split('#')[0].strip() for line in f)
        return [line for line in lines if line]


def read_version():
    namespace = {}
    with open(osp.join(HERE, 'mmssl', 'version.py')) as f:
        exec(f.read(), namespace)
    return namespace['__version__']


def add_mim_extension():
    """Put :data:`MIM_FILES` into ``mmssl/.mim``, as OpenMMLab packages do.

    Editable installs get relative symlinks (edits show at once); wheel and
    sdist builds get copies, which ``package_data`` then ships. Other
    commands (``egg_info``, ...) leave ``mmssl/.mim`` alone.
    """
    if {'develop', 'editable_wheel'} & set(sys.argv):
        mode = 'symlink'
    elif {'sdist', 'bdist_wheel'} & set(sys.argv):
        mode = 'copy'
    else:
        return
    mim_path = osp.join(HERE, 'mmssl', '.mim')
    os.makedirs(mim_path, exist_ok=True)
    for name in MIM_FILES:
        source, target = osp.join(HERE, name), osp.join(mim_path, name)
        if osp.islink(target) or osp.isfile(target):
            os.remove(target)
        elif osp.isdir(target):
            shutil.rmtree(target)
        if mode == 'symlink':
            os.symlink(osp.relpath(source, mim_path), target)
        elif osp.isdir(source):
            shutil.copytree(
                source,
                target,
                ignore=shutil.ignore_patterns('__pycache__', '*.pyc'))
        else:
            shutil.copyfile(source, target)


add_mim_extension()
setup(
    name='mmssl',
    version=read_version(),
    description='Self-supervised video representation learning by '
    'transformation recognition, on MMAction2',
    long_description=open(osp.join(HERE, 'README.md')).read(),
    long_description_content_type='text/markdown',
    packages=find_packages(
        exclude=('configs', 'configs.*', 'tools', 'tools.*', 'tests',
                 'tests.*')),
    package_data={
        'mmssl.datasets': ['data/*.json'],
        'mmssl': [
            '.mim/model-index.yml', '.mim/configs/**/*.py',
            '.mim/configs/**/*.yml', '.mim/tools/**/*.py',
            '.mim/tools/**/*.sh'
        ]
    },
    python_requires='>=3.8',
    install_requires=read_requirements('runtime'),
    extras_require=dict(tests=read_requirements('tests')),
    license='Apache License 2.0',
)
