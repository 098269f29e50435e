"""Environment set-up: dependency checks and module registration."""
import datetime
import warnings

from mmengine import DefaultScope

from .checkpoint import enable_safe_checkpoints

#: Supported versions as ``(package, minimum inclusive, maximum exclusive)``.
#: torch >= 2.4 has ``torch.serialization.add_safe_globals``, which the
#: weights-only loading of MMEngine checkpoints needs.
#: mmaction2 1.2.0 on PyPI lacks ``mmaction.models.localizers.drn`` and cannot
#: be imported; 1.1.x needs mmcv < 2.1 (``mmcv-lite==2.0.1`` satisfies it).
SUPPORTED_VERSIONS = (
    ('torch', '2.4.0', '3.0.0'),
    ('mmengine', '0.10.0', '0.11.0'),
    ('mmcv', '2.0.0rc4', '2.1.0'),
    ('mmaction', '1.1.0', '1.2.0'),
)

INSTALL_HINT = ('pip install "torch>=2.4" "mmengine==0.10.7" '
                '"mmcv-lite==2.0.1" "mmaction2==1.1.0"')


def _parse(version):
    from mmengine.utils import digit_version
    return digit_version(version)


def check_dependencies():
    """Raise ``ImportError`` naming the package when a version is unusable."""
    import importlib
    for package, low, high in SUPPORTED_VERSIONS:
        try:
            module = importlib.import_module(package)
        except ImportError as err:
            raise ImportError(
                f'mmssl needs {package} >={low},<{high} but importing it '
                f'failed ({err}). Install the tested set: {INSTALL_HINT}'
            ) from err
        found = module.__version__
        if not _parse(low) <= _parse(found) < _parse(high):
            raise ImportError(
                f'mmssl needs {package} >={low},<{high}, found {found}. '
                f'Install the tested set: {INSTALL_HINT}')


def register_all_modules(init_default_scope: bool = True) -> None:
    """Import every mmssl module so that it registers into the registries.

    MMAction2's modules are registered too, since mmssl's registries fall back
    to them.

    Args:
        init_default_scope (bool): Whether to set the global default scope to
            ``mmssl``. Defaults to True.
    """
    from mmaction.utils import register_all_modules as register_mmaction
    register_mmaction(init_default_scope=False)
    enable_safe_checkpoints()

    import mmssl.datasets  # noqa: F401
    import mmssl.engine  # noqa: F401
    import mmssl.evaluation  # noqa: F401
    import mmssl.models  # noqa: F401

    if not init_default_scope:
        return
    never_created = DefaultScope.get_current_instance() is None \
        or not DefaultScope.check_instance_created('mmssl')
    if never_created:
        DefaultScope.get_instance('mmssl', scope_name='mmssl')
        return
    current_scope = DefaultScope.get_current_instance()
    if current_scope.scope_name != 'mmssl':
        warnings.warn(f'The current default scope "{current_scope.scope_name}"'
                      ' is not "mmssl"; register_all_modules sets it to '
                      '"mmssl".')
        DefaultScope.get_instance(
            f'mmssl-{datetime.datetime.now()}', scope_name='mmssl')
