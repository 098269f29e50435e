"""MMEngine's runner with checkpoints that survive crashes and refuse wrong
weights."""
import glob
import os
import os.path as osp
import re
from typing import Any, Dict, List, Optional, Tuple

from mmengine.dist import master_only
from mmengine.model import is_model_wrapper
from mmengine.runner import Runner
from mmengine.runner.checkpoint import (_load_checkpoint,
                                        _load_checkpoint_to_model)

from mmssl.errors import CheckpointError, UserError
from mmssl.models.utils import check_state_dict_fits
from mmssl.registry import RUNNERS
from mmssl.utils import check_finite


def _revise(state_dict: Dict[str, Any], revise_keys) -> Dict[str, Any]:
    for pattern, replacement in revise_keys:
        state_dict = {
            re.sub(pattern, replacement, key): value
            for key, value in state_dict.items()
        }
    return state_dict


@RUNNERS.register_module()
class SafeRunner(Runner):
    """``mmengine.runner.Runner`` that never continues from wrong weights.

    * **Checkpoints are written atomically**: to a hidden temporary file in
      the work directory, renamed when complete, so a crash or a full disk
      never leaves a truncated ``epoch_N.pth``.
    * **Auto-resume** (``--resume`` without a path) takes the newest
      checkpoint of the work directory that reads completely, logs which one
      and why newer ones were skipped, and stops with one line when there
      is none.
    * **Loading is strict**: a checkpoint whose keys or shapes do not match
      the model stops the run with one line, unless the config sets
      ``load_strict = False`` (then what fits is loaded, with a warning).
    * **Non-finite weights** (NaN or inf in any tensor) stop the run.

    Every checkpoint is read through mmssl's weights-only loading path.
    """

    _preloaded: Optional[Tuple[str, dict]] = None

    @master_only
    def save_checkpoint(self, out_dir: str, filename: str, *args,
                        **kwargs) -> None:
        if '://' in out_dir:
            return super().save_checkpoint(out_dir, filename, *args, **kwargs)
        tmp_name = f'.{filename}.tmp'
        tmp_path = osp.join(out_dir, tmp_name)
        try:
            super().save_checkpoint(out_dir, tmp_name, *args, **kwargs)
            os.replace(tmp_path, osp.join(out_dir, filename))
        finally:
            if osp.exists(tmp_path):
                os.remove(tmp_path)

    def _resume_candidates(self) -> List[str]:
        """The ``last_checkpoint`` record, then every ``*.pth`` of the work
        directory, newest first."""
        candidates = []
        record = osp.join(self.work_dir, 'last_checkpoint')
        if osp.isfile(record):
            with open(record) as file:
                recorded = file.read().strip()
            if recorded:
                candidates.append(recorded)
        files = glob.glob(osp.join(self.work_dir, '*.pth'))
        files.sort(key=osp.getmtime, reverse=True)
        candidates += [path for path in files if path not in candidates]
        return candidates

    def find_resumable_checkpoint(self) -> str:
        """The newest checkpoint of the work directory that reads completely.

        Raises:
            CheckpointError: if there is none, naming the work directory and
                what was skipped.
        """
        skipped = []
        for path in self._resume_candidates():
            try:
                checkpoint = _load_checkpoint(path, map_location='cpu')
            except UserError as error:
                skipped.append(f'{path} ({error})')
                continue
            if not isinstance(checkpoint, dict) or 'meta' not in checkpoint:
                skipped.append(f'{path} (no training state in it)')
                continue
            for reason in skipped:
                self.logger.warning(f'resume: skipped {reason}')
            self.logger.info(f'resume: continuing from {path}, the newest '
                             'readable checkpoint')
            self._preloaded = (path, checkpoint)
            return path
        detail = f'; skipped: {"; ".join(skipped)}' if skipped else ''
        raise CheckpointError(
            f'--resume: nothing to resume from in {self.work_dir} (no '
            f'readable checkpoint){detail}')

    def load_or_resume(self) -> None:
        if self._has_loaded:
            return
        if self._resume and self._load_from is None:
            self.resume(self.find_resumable_checkpoint())
            self._has_loaded = True
            return
        super().load_or_resume()

    def load_checkpoint(self,
                        filename: str,
                        map_location='cpu',
                        strict: bool = False,
                        revise_keys: list = [(r'^module.', '')]) -> dict:
        """Load ``filename`` into the model, strictly unless the config
        says ``load_strict = False``; refuses non-finite weights."""
        if self._preloaded is not None and self._preloaded[0] == filename:
            checkpoint = self._preloaded[1]
            self._preloaded = None
        else:
            checkpoint = _load_checkpoint(filename, map_location=map_location)
        self.call_hook('after_load_checkpoint', checkpoint=checkpoint)
        model = self.model.module if is_model_wrapper(self.model) \
            else self.model
        state_dict = checkpoint.get('state_dict', checkpoint) \
            if isinstance(checkpoint, dict) else None
        if not isinstance(state_dict, dict):
            raise CheckpointError(f'{filename}: holds no state dict')
        check_finite(state_dict, filename)
        if self.cfg.get('load_strict', True):
            check_state_dict_fits(model, _revise(state_dict, revise_keys),
                                  filename)
        else:
            self.logger.warning(f'load_strict=False: loading what fits of '
                                f'{filename}, ignoring the rest')
        checkpoint = _load_checkpoint_to_model(
            model, checkpoint, strict=False, revise_keys=revise_keys)
        self._has_loaded = True
        self.logger.info(f'Load checkpoint from {filename}')
        return checkpoint
