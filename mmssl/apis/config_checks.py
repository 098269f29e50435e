"""Checks of a config before the runner is built: keys, types and values.

Each check raises a :class:`~mmssl.errors.UserError` whose message names the
config file and the full dotted key (``model.backbone.deptth``), so that a
typo stops the run with one line instead of a traceback from deep inside a
constructor.
"""
import difflib
import inspect
import re
from numbers import Number
from typing import Any, Iterator, Optional, Set, Tuple

import torch.nn as nn
from mmengine.config import Config

from mmssl import registry as mmssl_registry
from mmssl.datasets.step_args import resolved_pipeline
from mmssl.errors import ConfigKeyError, ConfigValueError

#: Top-level keys that ``mmengine.runner.Runner.from_cfg`` (or mmssl's
#: runner) reads.
RUNNER_KEYS = ('model', 'work_dir', 'train_dataloader', 'val_dataloader',
               'test_dataloader', 'train_cfg', 'val_cfg', 'test_cfg',
               'auto_scale_lr', 'optim_wrapper', 'param_scheduler',
               'val_evaluator', 'test_evaluator', 'default_hooks',
               'custom_hooks', 'data_preprocessor', 'load_from', 'resume',
               'launcher', 'env_cfg', 'log_processor', 'log_level',
               'visualizer', 'default_scope', 'randomness', 'experiment_name',
               'cfg', 'model_wrapper_cfg', 'vis_backends',
               'find_unused_parameters', 'sync_bn', 'compile', 'strategy',
               'runner_type', 'load_strict')

#: Where registered components sit in a config: (dotted key, registry).
#: A key ending in ``[]`` is a list of components.
COMPONENT_KEYS = (
    ('model', 'MODELS'),
    ('train_dataloader.dataset', 'DATASETS'),
    ('val_dataloader.dataset', 'DATASETS'),
    ('test_dataloader.dataset', 'DATASETS'),
    ('train_dataloader.dataset.pipeline[]', 'TRANSFORMS'),
    ('val_dataloader.dataset.pipeline[]', 'TRANSFORMS'),
    ('test_dataloader.dataset.pipeline[]', 'TRANSFORMS'),
    ('train_dataloader.sampler', 'DATA_SAMPLERS'),
    ('val_dataloader.sampler', 'DATA_SAMPLERS'),
    ('test_dataloader.sampler', 'DATA_SAMPLERS'),
    ('val_evaluator', 'METRICS'),
    ('val_evaluator[]', 'METRICS'),
    ('test_evaluator', 'METRICS'),
    ('test_evaluator[]', 'METRICS'),
    ('param_scheduler', 'PARAM_SCHEDULERS'),
    ('param_scheduler[]', 'PARAM_SCHEDULERS'),
    ('custom_hooks[]', 'HOOKS'),
    ('optim_wrapper', 'OPTIM_WRAPPERS'),
    ('optim_wrapper.optimizer', 'OPTIMIZERS'),
)

#: Keys of a component dict that are not constructor arguments.
_NOT_ARGUMENTS = {'type', '_scope_'}
#: Keys ending so hold layer or initialiser configs (``norm_cfg``,
#: ``init_cfg``, ...) that are built by helper functions, not registries.
_SKIPPED_SUFFIX = '_cfg'


def check_top_level_keys(cfg: Config, filename: str) -> None:
    """Reject top-level keys that look like typos of runner keys.

    Configs may define free variables (``data_root``, ``clip_len`` ...), so
    only unknown keys close to a runner key (``trian_dataloader``) are
    errors.
    """
    for key in cfg.keys():
        if key in RUNNER_KEYS or key.startswith('_'):
            continue
        close = difflib.get_close_matches(key, RUNNER_KEYS, n=1, cutoff=0.8)
        if close:
            raise ConfigKeyError(
                f'{filename}: unknown config key "{key}"; did you mean '
                f'"{close[0]}"?')


def _registries() -> list:
    return [
        value for value in vars(mmssl_registry).values()
        if type(value).__name__ == 'Registry'
    ]


def _get(registry, type_name: str) -> Optional[Any]:
    """``registry.get`` that treats a failed lazy import as not found."""
    try:
        return registry.get(type_name)
    except ImportError:
        return None


def _lookup(type_name: str, preferred: str) -> Tuple[Optional[Any], list]:
    """The registered object of ``type_name``: first in the ``preferred``
    registry, then in any mmssl registry. Returns it (or None) and the
    preferred registry's names, for suggestions."""
    main = getattr(mmssl_registry, preferred)
    found = _get(main, type_name)
    if found is None:
        for other in _registries():
            found = _get(other, type_name)
            if found is not None:
                break
    names = list(main.module_dict)
    parent = main.parent
    while parent is not None:
        names.extend(parent.module_dict)
        parent = parent.parent
    return found, names


def accepted_keys(obj: Any) -> Tuple[Set[str], bool]:
    """The keyword arguments ``obj`` (a class or function) accepts.

    Follows ``**kwargs`` up the MRO as long as each ``__init__`` passes them
    on. Returns the names and whether that list is complete (False when an
    ``**kwargs`` is swallowed, so other names may be accepted too).
    """
    if not inspect.isclass(obj):
        params = inspect.signature(obj).parameters.values()
        names = {p.name for p in params}
        return names, not any(p.kind is p.VAR_KEYWORD for p in params)
    names = set()
    for klass in obj.__mro__:
        if klass in (object, nn.Module) or '__init__' not in vars(klass):
            continue
        init = vars(klass)['__init__']
        params = inspect.signature(init).parameters
        var_keyword = [
            p.name for p in params.values() if p.kind is p.VAR_KEYWORD
        ]
        names.update(name for name, p in params.items()
                     if name != 'self' and p.kind is not p.VAR_KEYWORD
                     and p.kind is not p.VAR_POSITIONAL)
        if not var_keyword:
            return names, True
        if not _passes_to_super(init, var_keyword[0]):
            return names, False
    return names, True


def _passes_to_super(init, kwargs_name: str) -> bool:
    """Whether ``init`` hands its ``**kwargs`` to ``super().__init__``."""
    try:
        source = inspect.getsource(init)
    except (OSError, TypeError):
        return False
    pattern = r'super\([^)]*\)\.__init__\([^;]*\*\*' + kwargs_name
    return re.search(pattern, source, flags=re.DOTALL) is not None


def _check_component(node: dict, path: str, registry_name: str,
                     filename: str) -> None:
    type_name = node.get('type')
    if isinstance(type_name, str):
        obj, names = _lookup(type_name, registry_name)
        if obj is None:
            close = difflib.get_close_matches(type_name, names, n=1)
            hint = f'; did you mean "{close[0]}"?' if close else ''
            raise ConfigKeyError(
                f'{filename}: {path}.type="{type_name}" is not a registered '
                f'{getattr(mmssl_registry, registry_name).name}{hint}')
        known, complete = accepted_keys(obj)
        for key in node:
            if key in _NOT_ARGUMENTS or key in known:
                continue
            close = difflib.get_close_matches(key, known, n=1, cutoff=0.8)
            if complete or close:
                hint = f'; did you mean "{path}.{close[0]}"?' if close \
                    else ''
                raise ConfigKeyError(
                    f'{filename}: unknown config key "{path}.{key}" for '
                    f'{type_name}{hint}')
    for key, value in node.items():
        if key.endswith(_SKIPPED_SUFFIX):
            continue
        for child, child_path in _children(value, f'{path}.{key}'):
            _check_component(child, child_path, registry_name, filename)


def _children(value: Any, path: str) -> Iterator[Tuple[dict, str]]:
    """Dicts nested in ``value`` (directly or in lists/dicts) that may hold
    components, with their dotted paths."""
    if isinstance(value, dict):
        if 'type' in value and isinstance(value['type'], str):
            yield value, path
        else:
            for key, item in value.items():
                yield from _children(item, f'{path}.{key}')
    elif isinstance(value, (list, tuple)):
        for index, item in enumerate(value):
            yield from _children(item, f'{path}.{index}')


def _resolve(cfg: Config, dotted: str) -> Iterator[Tuple[dict, str]]:
    is_list = dotted.endswith('[]')
    node: Any = cfg._cfg_dict if isinstance(cfg, Config) else cfg
    for part in dotted.rstrip('[]').split('.'):
        if not isinstance(node, dict) or part not in node:
            return
        node = node[part]
    path = dotted.rstrip('[]')
    if is_list and isinstance(node, (list, tuple)):
        for index, item in enumerate(node):
            if isinstance(item, dict):
                yield item, f'{path}.{index}'
    elif not is_list and isinstance(node, dict):
        yield node, path


def check_component_keys(cfg: Config, filename: str) -> None:
    """Reject unknown ``type`` names and unknown constructor keys, nested
    ones included (``model.backbone.deptth``), naming the full dotted key.

    A key is unknown when the constructor (followed through ``**kwargs``)
    does not take it; where a constructor swallows ``**kwargs``, only keys
    close to a known argument (a typo) are rejected.
    """
    for dotted, registry_name in COMPONENT_KEYS:
        for node, path in _resolve(cfg, dotted):
            if 'type' in node or dotted == 'model':
                _check_component(node, path, registry_name, filename)


def _label_producers(cfg: Config) -> Iterator[Tuple[str, str, int]]:
    """``(pipeline step path, label_key, num_classes)`` for every pipeline
    step whose transform declares ``label_spaces()``."""
    for loader in ('train_dataloader', 'val_dataloader', 'test_dataloader'):
        steps = [(step, f'{path}.pipeline.{index}')
                 for dataset, path in _resolve(cfg, f'{loader}.dataset')
                 for index, step in enumerate(resolved_pipeline(dataset))]
        for step, path in steps:
            obj = _get(mmssl_registry.TRANSFORMS, step.get('type', ''))
            if obj is None or not hasattr(obj, 'label_spaces'):
                continue
            transform = mmssl_registry.TRANSFORMS.build(dict(step))
            for key, count in transform.label_spaces().items():
                yield f'{path} ({step["type"]})', key, count


def _label_consumers(node: Any, path: str) -> Iterator[Tuple[str, str, int]]:
    """``(path, label_key, num_classes)`` of every model component that
    names both."""
    if isinstance(node, dict):
        if isinstance(node.get('label_key'), str) and \
                isinstance(node.get('num_classes'), int):
            yield path, node['label_key'], node['num_classes']
        for key, value in node.items():
            yield from _label_consumers(value, f'{path}.{key}')
    elif isinstance(node, (list, tuple)):
        for index, item in enumerate(node):
            yield from _label_consumers(item, f'{path}.{index}')


def check_label_spaces(cfg: Config, filename: str) -> None:
    """Reject a head whose ``num_classes`` differs from the number of
    classes the pipeline gives its ``label_key`` (e.g. a 5-way head on a
    sampler of 4 transformations)."""
    produced = list(_label_producers(cfg))
    model = cfg.get('model') or {}
    for path, key, num_classes in _label_consumers(model, 'model'):
        for step, produced_key, count in produced:
            if produced_key == key and count != num_classes:
                raise ConfigValueError(
                    f'{filename}: {path}.num_classes={num_classes} but '
                    f'{step} gives {count} classes of "{key}"; they must '
                    'agree')


def _require(ok: bool, filename: str, key: str, value: Any, rule: str) -> None:
    if not ok:
        raise ConfigValueError(
            f'{filename}: {key}={value!r} is invalid: it must be {rule}')


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def check_config_values(cfg: Config, filename: str) -> None:
    """Reject schedule and loader values that cannot be meant.

    Epochs, iterations, intervals and batch sizes must be positive
    integers, worker counts non-negative, learning rates and weight decay
    non-negative, and a scheduler's ``begin`` before its ``end``.
    """
    train_cfg = cfg.get('train_cfg') or {}
    for key in ('max_epochs', 'max_iters', 'val_interval', 'val_begin'):
        if key in train_cfg:
            value = train_cfg[key]
            _require(
                _is_int(value) and value >= 1, filename, f'train_cfg.{key}',
                value, 'an integer >= 1')
    for loader in ('train_dataloader', 'val_dataloader', 'test_dataloader'):
        loader_cfg = cfg.get(loader) or {}
        if 'batch_size' in loader_cfg:
            value = loader_cfg['batch_size']
            _require(
                _is_int(value) and value >= 1, filename,
                f'{loader}.batch_size', value, 'an integer >= 1')
        if 'num_workers' in loader_cfg:
            value = loader_cfg['num_workers']
            _require(
                _is_int(value) and value >= 0, filename,
                f'{loader}.num_workers', value, 'an integer >= 0')
            if loader_cfg.get('persistent_workers'):
                _require(value > 0, filename, f'{loader}.num_workers', value,
                         '> 0 with persistent_workers=True (or set '
                         f'{loader}.persistent_workers=False)')
    optimizer = (cfg.get('optim_wrapper') or {}).get('optimizer') or {}
    for key in ('lr', 'weight_decay'):
        if key in optimizer:
            value = optimizer[key]
            _require(
                isinstance(value, Number) and value >= 0, filename,
                f'optim_wrapper.optimizer.{key}', value, 'a number >= 0')
    schedulers = cfg.get('param_scheduler') or []
    if isinstance(schedulers, dict):
        schedulers = [schedulers]
    for index, scheduler in enumerate(schedulers):
        begin, end = scheduler.get('begin', 0), scheduler.get('end')
        if _is_int(end) and _is_int(begin):
            _require(begin < end, filename, f'param_scheduler.{index}.end',
                     end, f'greater than begin={begin}')
        if 'T_max' in scheduler:
            value = scheduler['T_max']
            _require(
                isinstance(value, Number) and value > 0, filename,
                f'param_scheduler.{index}.T_max', value, 'positive')


def check_config(cfg: Config, filename: str = 'config') -> None:
    """All checks of this module, in order: top-level keys, component
    types and keys, values, label spaces."""
    check_top_level_keys(cfg, filename)
    check_component_keys(cfg, filename)
    check_config_values(cfg, filename)
    check_label_spaces(cfg, filename)


__all__ = [
    'RUNNER_KEYS', 'accepted_keys', 'check_component_keys', 'check_config',
    'check_config_values', 'check_label_spaces', 'check_top_level_keys'
]
