import pytest
import torch
from mmaction.structures import ActionDataSample
from mmengine.dataset import pseudo_collate

from mmssl.errors import ConfigKeyError, ConfigValueError
from mmssl.models.data_preprocessors import MultiViewDataPreprocessor
from mmssl.models.data_preprocessors.multi_view_data_preprocessor import (
    DIFF_STD, RGB_MEAN, RGB_STD)
from mmssl.registry import MODELS

MEAN = dict(rgb=[100., 110., 120.], static=[10., 20., 30.], diff=[0., 1., 2.])
STD = dict(rgb=[50., 55., 60.], static=[5., 4., 2.], diff=[20., 10., 4.])


def sample(clips, view_labels=None):
    """One packed video: clips (N, 3, T, H, W) and its view labels."""
    data_sample = ActionDataSample()
    if view_labels is not None:
        data_sample.view_labels = torch.tensor(view_labels)
    return dict(inputs=clips, data_samples=data_sample)


def uint8_clips(num_clips, seed):
    generator = torch.Generator().manual_seed(seed)
    return torch.randint(0, 256, (num_clips, 3, 2, 4, 4), generator=generator,
                         dtype=torch.uint8)


def test_each_clip_is_normalised_with_its_views_statistics():
    preprocessor = MODELS.build(
        dict(type='MultiViewDataPreprocessor', mean=MEAN, std=STD))
    views = [0, 0, 1, 1, 2, 2]
    batch = [sample(uint8_clips(6, seed), views) for seed in (0, 1)]
    out = preprocessor(pseudo_collate(batch), training=True)
    inputs = out['inputs']
    assert inputs.shape == (2, 6, 3, 2, 4, 4) and inputs.dtype == torch.float32
    for b in range(2):
        for i, view in enumerate(('rgb', 'rgb', 'static', 'static', 'diff',
                                  'diff')):
            raw = batch[b]['inputs'][i].float()
            for c in range(3):
                expected = (raw[c] - MEAN[view][c]) / STD[view][c]
                torch.testing.assert_close(inputs[b, i, c], expected)
    # A clip value of 130 in channel 0: rgb (130 - 100) / 50 = 0.6, static
    # (130 - 10) / 5 = 24, diff (130 - 0) / 20 = 6.5.
    flat = torch.full((3, 3, 1, 1, 1), 130, dtype=torch.uint8)
    out = preprocessor(pseudo_collate([sample(flat, [0, 1, 2])]))
    assert out['inputs'][0, :, 0].flatten().tolist() == pytest.approx(
        [0.6, 24.0, 6.5])
    assert out['data_samples'][0].view_labels.tolist() == [0, 1, 2]


def test_a_batch_without_view_labels_is_all_rgb():
    preprocessor = MultiViewDataPreprocessor(mean=MEAN, std=STD)
    clips = uint8_clips(2, 3)
    out = preprocessor(pseudo_collate([sample(clips)]))
    mean = torch.tensor(MEAN['rgb']).view(3, 1, 1, 1)
    std = torch.tensor(STD['rgb']).view(3, 1, 1, 1)
    torch.testing.assert_close(out['inputs'][0], (clips.float() - mean) / std)


def test_a_view_missing_from_the_statistics_stops_with_one_line():
    preprocessor = MultiViewDataPreprocessor(
        mean=dict(rgb=MEAN['rgb']), std=dict(rgb=STD['rgb']))
    batch = pseudo_collate([sample(uint8_clips(2, 0), [0, 2])])
    with pytest.raises(ConfigKeyError, match="clips of view 'diff'") as error:
        preprocessor(batch)
    assert '\n' not in str(error.value)
    with pytest.raises(ConfigKeyError, match="view 'static' is in only one"):
        MultiViewDataPreprocessor(mean=MEAN, std=dict(rgb=[1.] * 3,
                                                      diff=[1.] * 3))
    with pytest.raises(ConfigValueError, match="unknown view 'flow'"):
        MultiViewDataPreprocessor(mean=dict(flow=[0.] * 3),
                                  std=dict(flow=[1.] * 3))
    with pytest.raises(ConfigValueError, match='expected a dict'):
        MultiViewDataPreprocessor(mean=[0.] * 3, std=[1.] * 3)
    with pytest.raises(ConfigValueError, match="expected 'NCTHW'"):
        MultiViewDataPreprocessor(format_shape='NCHW')


def test_default_statistics():
    preprocessor = MultiViewDataPreprocessor()
    flat = torch.full((3, 3, 1, 1, 1), 128, dtype=torch.uint8)
    out = preprocessor(pseudo_collate([sample(flat, [0, 1, 2])]))['inputs']
    expected_rgb = [(128 - m) / s for m, s in zip(RGB_MEAN, RGB_STD)]
    torch.testing.assert_close(out[0, 0].flatten(), torch.tensor(expected_rgb))
    torch.testing.assert_close(out[0, 1].flatten(), torch.tensor(expected_rgb))
    torch.testing.assert_close(out[0, 2].flatten(),
                               128 / torch.tensor(DIFF_STD))
