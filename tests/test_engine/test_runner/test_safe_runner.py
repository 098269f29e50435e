"""SafeRunner: atomic saves, resume from the newest readable checkpoint,
strict loading, and refusal of non-finite weights and losses."""
import os
import os.path as osp

import pytest
import torch
import torch.nn as nn
from mmengine.fileio.backends import LocalBackend
from mmengine.model import BaseModel
from torch.utils.data import DataLoader

from mmssl.engine.hooks import NonFiniteLossHook
from mmssl.engine.runner import SafeRunner
from mmssl.errors import CheckpointError, NonFiniteError


class _Linear(BaseModel):

    def __init__(self, width=2):
        super().__init__()
        self.fc = nn.Linear(width, 1)

    def forward(self, inputs, targets=None, mode='tensor'):
        inputs = torch.stack(inputs) if isinstance(inputs, list) else inputs
        out = self.fc(inputs).squeeze(-1)
        if mode == 'loss':
            return dict(loss=((out - targets)**2).mean())
        return out


def _loader():
    data = [
        dict(
            inputs=torch.full((2, ), float(i)), targets=torch.tensor(float(i)))
        for i in range(4)
    ]
    return DataLoader(
        data,
        batch_size=2,
        collate_fn=lambda b: dict(
            inputs=torch.stack([x['inputs'] for x in b]),
            targets=torch.stack([x['targets'] for x in b])))


def _runner(work_dir,
            max_epochs=2,
            resume=False,
            load_from=None,
            model=None,
            lr=0.01,
            load_strict=True):
    return SafeRunner(
        model=model or _Linear(),
        work_dir=str(work_dir),
        train_dataloader=_loader(),
        train_cfg=dict(by_epoch=True, max_epochs=max_epochs),
        optim_wrapper=dict(optimizer=dict(type='SGD', lr=lr)),
        default_hooks=dict(
            checkpoint=dict(type='CheckpointHook', interval=1),
            logger=dict(type='LoggerHook', interval=1)),
        custom_hooks=[NonFiniteLossHook()],
        resume=resume,
        load_from=load_from,
        cfg=dict(load_strict=load_strict),
        default_scope='mmssl',
        experiment_name=f'exp{id(model)}{max_epochs}{resume}')


def test_resume_skips_a_truncated_latest_checkpoint(tmp_path):
    _runner(tmp_path, max_epochs=2).train()
    latest = tmp_path / 'epoch_2.pth'
    latest.write_bytes(latest.read_bytes()[:100])
    runner = _runner(tmp_path, max_epochs=3, resume=True)
    assert runner.find_resumable_checkpoint() == str(tmp_path / 'epoch_1.pth')
    runner.train()
    assert runner.epoch == 3
    assert runner.iter == 6


def test_resume_with_nothing_to_resume_says_so(tmp_path):
    runner = _runner(tmp_path / 'empty', resume=True)
    with pytest.raises(
            CheckpointError, match='nothing to resume from in '
            '.*empty'):
        runner.train()


def test_full_disk_leaves_no_checkpoint(tmp_path, monkeypatch):
    written = []

    def put_half_then_fail(self, obj, filepath):
        written.append(str(filepath))
        with open(filepath, 'wb') as file:
            file.write(obj[:len(obj) // 2])
        raise OSError(28, 'No space left on device')

    monkeypatch.setattr(LocalBackend, 'put', put_half_then_fail)
    with pytest.raises(OSError, match='No space left'):
        _runner(tmp_path, max_epochs=1).train()
    monkeypatch.undo()
    assert written and osp.basename(written[0]).startswith('.epoch_1.pth')
    assert not [name for name in os.listdir(tmp_path) if '.pth' in name]
    with pytest.raises(CheckpointError, match='nothing to resume'):
        _runner(tmp_path, resume=True).find_resumable_checkpoint()


def test_resume_from_nan_weights_is_refused(tmp_path):
    _runner(tmp_path, max_epochs=1).train()
    path = tmp_path / 'epoch_1.pth'
    checkpoint = torch.load(path, weights_only=True)
    checkpoint['state_dict']['fc.weight'].fill_(float('nan'))
    torch.save(checkpoint, path)
    with pytest.raises(
            NonFiniteError, match='epoch_1.pth: 1 tensor.*'
            'first "fc.weight"'):
        _runner(
            tmp_path, max_epochs=2, resume=True, load_from=str(path)).train()


def test_non_finite_loss_stops_training(tmp_path):
    model = _Linear()
    with torch.no_grad():
        model.fc.bias.fill_(float('inf'))
    with pytest.raises(
            NonFiniteError,
            match='training loss "loss" is '
            '(inf|nan) at iteration 1'):
        _runner(tmp_path, model=model).train()


def test_strict_load_names_the_mismatch(tmp_path):
    torch.save(
        dict(state_dict=dict(fc=torch.zeros(1))), tmp_path / 'other.pth')
    runner = _runner(tmp_path, load_from=str(tmp_path / 'other.pth'))
    with pytest.raises(
            CheckpointError,
            match='other.pth does not fit '
            r'_Linear: 2 missing keys \(fc.bias, fc.weight\); 1 '
            r'unexpected keys \(fc\)'):
        runner.load_or_resume()


def test_non_strict_load_is_an_explicit_opt_out(tmp_path):
    weights = dict(state_dict={
        'fc.weight': torch.ones(1, 2),
        'extra': torch.zeros(1)
    })
    torch.save(weights, tmp_path / 'partial.pth')
    runner = _runner(
        tmp_path, load_from=str(tmp_path / 'partial.pth'), load_strict=False)
    runner.load_or_resume()
    assert runner.model.fc.weight.tolist() == [[1.0, 1.0]]
