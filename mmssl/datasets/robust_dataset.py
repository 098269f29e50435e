"""Video and frame-folder datasets that can skip broken samples.

With ``skip_broken=True`` a sample whose file is missing or cannot be decoded
is logged (naming the file), counted in ``num_broken`` and replaced: its
``prepare_data`` returns None and MMEngine's ``BaseDataset`` fetches another
random sample (at most ``max_refetch`` times). Counting is per process, so
with dataloader workers each worker counts its own; the log has them all.
Test-mode datasets never skip: evaluation must see every sample, so errors
are raised there whatever ``skip_broken`` says.
"""
import logging
from typing import Dict, Optional

from mmaction.datasets import RawframeDataset, VideoDataset
from mmengine import fileio
from mmengine.logging import print_log

from mmssl.errors import AnnotationError
from mmssl.registry import DATASETS

from .step_args import apply_step_args
from .transforms.decoding import VideoDecodeError

#: Errors that mark a sample as broken input rather than a bug.
BROKEN_SAMPLE_ERRORS = (FileNotFoundError, VideoDecodeError)


class SkipBrokenMixin:
    """Adds ``skip_broken`` and a checked annotation file to a dataset.

    Args:
        skip_broken (bool): Replace broken samples by random other ones
            instead of raising. Defaults to False.
        step_args (dict, optional): ``{step type: {argument: value}}``
            merged into the pipeline's steps of each type
            (:mod:`mmssl.datasets.step_args`). Defaults to None.

    Attributes:
        num_broken (int): Broken samples skipped so far in this process.
    """

    def __init__(self,
                 *args,
                 skip_broken: bool = False,
                 step_args: Optional[Dict[str, dict]] = None,
                 **kwargs):
        self.skip_broken = skip_broken
        self.num_broken = 0
        if step_args:
            kwargs['pipeline'] = apply_step_args(
                kwargs.get('pipeline') or [], step_args, type(self).__name__)
        super().__init__(*args, **kwargs)

    def load_data_list(self) -> list:
        """Load the annotation file, refusing what would give wrong results.

        Raises:
            FileNotFoundError: if the file does not exist.
            AnnotationError: if it lists nothing, a line cannot be parsed,
                or (with ``num_classes`` set) a label is outside
                ``[0, num_classes)``; named by file and line.
        """
        if not fileio.exists(self.ann_file):
            raise FileNotFoundError(
                f'annotation file not found: {self.ann_file} (ann_file of '
                f'{type(self).__name__})')
        numbered = [(number, line) for number, line in enumerate(
            fileio.get_text(self.ann_file).splitlines(), start=1)
                    if line.strip()]
        if not numbered:
            raise AnnotationError(
                f'{self.ann_file}: empty annotation file (no sample listed)')
        try:
            data_list = super().load_data_list()
        except (ValueError, IndexError, AssertionError) as err:
            raise AnnotationError(
                f'{self.ann_file}: cannot be parsed as "<path> <label>" '
                f'lines ({err})') from err
        if self.num_classes is not None:
            self._check_labels(data_list, numbered)
        return data_list

    def _check_labels(self, data_list: list, numbered: list) -> None:
        for (number, _), info in zip(numbered, data_list):
            labels = info['label'] if isinstance(info['label'], list) \
                else [info['label']]
            outside = [
                label for label in labels if not 0 <= label < self.num_classes
            ]
            if outside:
                raise AnnotationError(
                    f'{self.ann_file}:{number}: label {outside[0]} is '
                    f'outside [0, {self.num_classes}) (num_classes='
                    f'{self.num_classes})')

    def prepare_data(self, idx: int):
        try:
            return super().prepare_data(idx)
        except BROKEN_SAMPLE_ERRORS as err:
            if not self.skip_broken or self.test_mode:
                raise
            self.num_broken += 1
            print_log(
                f'skipped broken sample {idx} ({self.num_broken} so far): '
                f'{type(err).__name__}: {err}',
                logger='current',
                level=logging.WARNING)
            return None


@DATASETS.register_module()
class RobustVideoDataset(SkipBrokenMixin, VideoDataset):
    """MMAction2's ``VideoDataset`` with ``skip_broken`` (see module doc)."""


@DATASETS.register_module()
class RobustRawframeDataset(SkipBrokenMixin, RawframeDataset):
    """MMAction2's ``RawframeDataset`` with ``skip_broken`` (see module
    doc)."""
