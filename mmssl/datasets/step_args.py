"""Arguments of pipeline steps, chosen by step type, given beside the
pipeline.

MMEngine merges an inherited config dict key by key but replaces lists, so a
config that changes one step of an inherited pipeline (the transformation
set of the ``MultiClipSampler``, say) would have to rewrite the whole list.
A dataset's ``step_args`` is a dict, ``{step type: {argument: value}}``,
merged like any other: a leaf states only what changes::

    paces = dict(MultiClipSampler=dict(transforms=[...]))
    train_dataloader = dict(dataset=dict(step_args=paces))

Every step of that type gets the arguments, over its own.
"""
from typing import Dict, List, Optional, Sequence

from mmssl.errors import ConfigKeyError


def apply_step_args(pipeline: Sequence[dict],
                    step_args: Optional[Dict[str, dict]],
                    owner: str = 'dataset') -> List[dict]:
    """The pipeline with ``step_args`` merged into the steps of each type.

    Args:
        pipeline (Sequence[dict]): Step configs, each with a ``type``.
        step_args (dict, optional): ``{step type: {argument: value}}``.
        owner (str): Who holds them, for the message.

    Returns:
        list[dict]: New step dicts of the input's dict type (the input is
        not changed).

    Raises:
        ConfigKeyError: if a type of ``step_args`` is no step's type.
    """
    step_args = dict(step_args or {})
    types = [step.get('type') for step in pipeline]
    unknown = [name for name in step_args if name not in types]
    if unknown:
        raise ConfigKeyError(
            f'{owner}: step_args names the step type "{unknown[0]}", but the '
            f'pipeline has only {types}')
    return [_merged(step, step_args.get(step.get('type'), {}))
            for step in pipeline]


def _merged(step: dict, args: dict) -> dict:
    """A copy of ``step`` (of its own dict type) with ``args`` over it."""
    merged = type(step)(step)
    merged.update(args)
    return merged


def resolved_pipeline(dataset_cfg: dict) -> List[dict]:
    """The pipeline of a dataset config with its ``step_args`` applied."""
    return apply_step_args(
        dataset_cfg.get('pipeline') or [], dataset_cfg.get('step_args'),
        dataset_cfg.get('type', 'dataset'))
