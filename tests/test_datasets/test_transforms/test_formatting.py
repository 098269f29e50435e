import numpy as np
import pytest
import torch
from mmaction.structures import ActionDataSample
from mmengine.dataset import Compose, default_collate, pseudo_collate

from mmssl.datasets.transforms import PackMultiClipInputs
from mmssl.registry import MODELS

MEAN = [100., 110., 120.]
STD = [2., 5., 10.]


def coded_results(num_clips=2, clip_len=3, height=4, width=5):
    """Frames whose pixel (y, x, c) of frame k holds k + 10 * c + y + x."""
    y, x, c = np.meshgrid(
        np.arange(height), np.arange(width), np.arange(3), indexing='ij')
    imgs = [(k + 10 * c + y + x).astype(np.uint8)
            for k in range(num_clips * clip_len)]
    return dict(
        imgs=imgs,
        num_clips=num_clips,
        clip_len=clip_len,
        temporal_labels=np.arange(num_clips, dtype=np.int64),
        label=7,
        filename='a.mp4',
        frame_inds=np.arange(num_clips * clip_len))


def test_pack_shapes_dtypes_and_layout():
    packed = PackMultiClipInputs()(coded_results())
    inputs = packed['inputs']
    assert inputs.shape == (2, 3, 3, 4, 5) and inputs.dtype == torch.uint8
    # inputs[n, c, t, y, x] = (n * T + t) + 10 * c + y + x
    assert inputs[1, 2, 0, 3, 4] == 3 + 20 + 3 + 4
    assert inputs[0, 1, 2, 0, 1] == 2 + 10 + 0 + 1

    sample = packed['data_samples']
    assert isinstance(sample, ActionDataSample)
    assert sample.temporal_labels.dtype == torch.long
    assert sample.temporal_labels.tolist() == [0, 1]
    assert sample.gt_label.tolist() == [7]
    assert sample.gt_labels.item.tolist() == [7]
    assert sample.filename == 'a.mp4' and sample.num_clips == 2
    assert 'temporal_labels' not in sample.metainfo_keys()


def test_pack_several_label_keys_and_float_views():
    results = coded_results()
    results['rotation_labels'] = [3, 1]
    results['imgs'] = [img.astype(np.float32) - 128 for img in results['imgs']]
    del results['label']
    packed = PackMultiClipInputs(
        label_keys=('temporal_labels', 'rotation_labels'))(
            results)
    assert packed['inputs'].dtype == torch.float32
    assert packed['inputs'][0, 0, 0, 0, 0] == -128
    sample = packed['data_samples']
    assert sample.rotation_labels.tolist() == [3, 1]
    assert 'gt_label' not in sample


def test_pack_missing_or_misshaped_label_key():
    pack = PackMultiClipInputs(label_keys=('rotation_labels', ))
    with pytest.raises(
            KeyError,
            match="'rotation_labels'.*available keys: "
            "\\['clip_len', 'filename'"):
        pack(coded_results())
    results = coded_results()
    results['rotation_labels'] = np.array([0, 1, 2])
    with pytest.raises(
            ValueError, match='shape \\(3,\\), expected .*\\(2,\\)'):
        pack(results)


def test_collate_and_preprocessor_give_b_n_c_t_h_w():
    pack = PackMultiClipInputs()
    batch = [pack(coded_results()) for _ in range(3)]
    preprocessor = MODELS.build(
        dict(
            type='ActionDataPreprocessor',
            mean=MEAN,
            std=STD,
            format_shape='NCTHW'))

    data = preprocessor(pseudo_collate(batch), training=True)
    inputs = data['inputs']
    assert inputs.shape == (3, 2, 3, 3, 4, 5) and inputs.dtype == torch.float32
    # raw value of (n=1, c=2, t=0, y=3, x=4) is 30, normalised by channel 2
    assert inputs[2, 1, 2, 0, 3, 4] == pytest.approx((30 - 120.) / 10.)
    assert inputs[0, 0, 0, 1, 0, 0] == pytest.approx((1 - 100.) / 2.)
    labels = torch.stack([s.temporal_labels for s in data['data_samples']])
    assert labels.tolist() == [[0, 1]] * 3

    collated = default_collate(batch)
    assert collated['inputs'].shape == (3, 2, 3, 3, 4, 5)
    assert len(collated['data_samples']) == 3


def test_mmaction_decoding_to_packed_clips(shared_videos):
    np.random.seed(0)
    pipeline = Compose([
        dict(type='DecordInit'),
        dict(type='SampleFrames', clip_len=4, frame_interval=2, num_clips=3),
        dict(type='DecordDecode'),
        dict(type='MultiClipRandomResizedCrop', size=32),
        dict(type='MultiClipFlip'),
        dict(type='MultiClipRotation'),
        dict(type='MultiClipColorJitter', scope='frame'),
        dict(
            type='FrameDiffView',
            source_clips=[0],
            inherit_label_keys=('rotation_labels', )),
        dict(
            type='PackMultiClipInputs',
            label_keys=('rotation_labels', 'view_labels'),
        ),
    ])
    packed = pipeline(
        dict(
            filename=shared_videos[0], label=1, start_index=0, modality='RGB'))
    assert packed['inputs'].shape == (4, 3, 4, 32, 32)
    sample = packed['data_samples']
    assert sample.view_labels.tolist() == [0, 0, 0, 2]
    assert sample.rotation_labels[3] == sample.rotation_labels[0]
    assert sample.frame_inds.shape == (12, )
    assert repr(pipeline.transforms[-1]).startswith(
        "PackMultiClipInputs(label_keys=('rotation_labels', 'view_labels')")


def test_playback_rates_are_packed_as_floats_when_present():
    results = coded_results()
    results['playback_rates'] = np.array([1.0, 0.5], dtype=np.float32)
    sample = PackMultiClipInputs()(results)['data_samples']
    assert sample.playback_rates.dtype == torch.float32
    assert sample.playback_rates.tolist() == [1.0, 0.5]
    assert 'playback_rates' not in PackMultiClipInputs()(
        coded_results())['data_samples']


def test_rates_of_clips_added_later_must_be_inherited():
    results = coded_results()
    results['playback_rates'] = np.array([1.0], dtype=np.float32)
    with pytest.raises(ValueError, match='inherit_label_keys'):
        PackMultiClipInputs()(results)
