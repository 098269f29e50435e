"""How the configs are put together: inheritance depth, the bases' contracts
(dataset bases, pre-training data bases, the toy CPU scale), the pipeline
edits of the protocols, and that no protocol selects on its test split."""
import ast
import glob
import os
import os.path as osp

import pytest
from mmengine.config import Config
from mmengine.dataset import Compose

from mmssl.registry import DATASETS
from tests.conftest import REPO_ROOT

CONFIGS = osp.join(REPO_ROOT, 'configs')
LEAVES = sorted(
    osp.relpath(path, CONFIGS)
    for path in glob.glob(osp.join(CONFIGS, '**', '*.py'), recursive=True)
    if '_base_' not in path.split(os.sep))
DATASET_BASES = [
    'diving48', 'hmdb51', 'k200', 'kinetics400', 'mhmdb51', 'sthv1', 'sthv2',
    'toy', 'ucf101'
]
PRETRAIN_BASES = ['diving48', 'k200', 'k400', 'ucf101', 'toy']
PROTOCOLS = ('finetune', 'linear', 'motion', 'sync', 'order')
TRAINED = sorted(
    leaf for leaf in LEAVES
    if leaf.split(os.sep)[:2] in [['benchmarks', p] for p in PROTOCOLS])


def load(relpath):
    return Config.fromfile(osp.join(CONFIGS, relpath))


def base_files(path):
    """The files ``path`` names in its ``_base_``, as absolute paths."""
    with open(path) as f:
        tree = ast.parse(f.read())
    for node in tree.body:
        if isinstance(node, ast.Assign) and getattr(node.targets[0], 'id',
                                                    None) == '_base_':
            bases = ast.literal_eval(node.value)
            bases = [bases] if isinstance(bases, str) else bases
            return [
                osp.normpath(osp.join(osp.dirname(path), b)) for b in bases
            ]
    return []


def depth(path):
    """Levels of inheritance below ``path``: 0 for a file without bases."""
    bases = base_files(path)
    return 1 + max(map(depth, bases)) if bases else 0


def steps(pipeline, step_type):
    return [step for step in pipeline if step['type'] == step_type]


def test_depth_counts_the_longest_chain(tmp_path):
    (tmp_path / 'a.py').write_text('x = 1\n')
    (tmp_path / 'b.py').write_text("_base_ = ['./a.py']\n")
    (tmp_path / 'c.py').write_text("_base_ = ['./a.py', './b.py']\n")
    assert [depth(str(tmp_path / f'{name}.py')) for name in 'abc'] == [0, 1, 2]


@pytest.mark.parametrize('leaf', LEAVES)
def test_every_leaf_inherits_at_most_three_levels(leaf):
    assert depth(osp.join(CONFIGS, leaf)) <= 3


@pytest.mark.parametrize('name', DATASET_BASES)
def test_dataset_base_gives_complete_loaders_of_its_lists(name):
    cfg = load(f'_base_/datasets/{name}.py')
    for split in ('train', 'val', 'test'):
        loader = cfg[f'{split}_dataloader']
        dataset = loader.dataset
        assert dataset.ann_file == cfg[f'ann_file_{split}']
        assert dataset.num_classes == cfg.num_classes
        assert dataset.get('test_mode', False) is (split != 'train')
        assert loader.sampler.shuffle is (split == 'train')
        Compose(dataset.pipeline)
    prefix = 'img' if name == 'sthv1' else 'video'
    assert cfg.train_dataloader.dataset.data_prefix == {
        prefix: cfg.data_root
    }
    assert cfg.test_dataloader.dataset.data_prefix == {
        prefix: cfg.data_root_val
    }
    # 10 clips per test video, one per validation video.
    clips = [
        steps(cfg[f'{split}_dataloader'].dataset.pipeline,
              'SampleFrames')[0].num_clips for split in ('val', 'test')
    ]
    assert clips == [1, 10]


@pytest.mark.parametrize('name', PRETRAIN_BASES)
def test_pretrain_data_base_gives_the_training_and_held_out_lists(name):
    cfg = load(f'_base_/datasets/pretrain/{name}.py')
    assert 'train' in osp.basename(cfg.train_dataset.ann_file)
    assert 'val' in osp.basename(cfg.val_dataset.ann_file)
    assert set(cfg.train_dataset) == set(cfg.val_dataset) == {
        'ann_file', 'data_prefix'
    }


def test_a_new_method_states_only_its_model_and_pipelines(
        tmp_path, tiny_toy_dataset):
    """The contract of configs/_base_/datasets/pretrain/loaders.py: a method
    base with a model and two pipelines, bound to a data base in three
    statements, gives loaders that read the videos, skip broken training
    videos and ignore the labels."""
    method = tmp_path / 'method.py'
    method.write_text(
        "clip_sampler = dict(type='MultiClipSampler', clip_len=4,\n"
        "    transforms=[dict(type='Speed', rate=1),\n"
        "                dict(type='Speed', rate=2)])\n"
        "pack = dict(type='PackMultiClipInputs',\n"
        "            label_keys=('temporal_labels', ))\n"
        "train_pipeline = [dict(type='DecordOpen'), clip_sampler,\n"
        "    dict(type='DecordDecodeOnce'),\n"
        "    dict(type='MultiClipFlip', prob=0.5, scope='clip'), pack]\n"
        "val_pipeline = [dict(type='DecordOpen'),\n"
        "    dict(clip_sampler, test_mode=True),\n"
        "    dict(type='DecordDecodeOnce'), pack]\n")
    leaf = tmp_path / 'leaf.py'
    leaf.write_text(
        f"_base_ = ['{CONFIGS}/_base_/datasets/pretrain/loaders.py',\n"
        f"          '{CONFIGS}/_base_/datasets/pretrain/toy.py',\n"
        "          './method.py']\n"
        'train_dataloader = dict(\n'
        '    dataset=dict(_base_.train_dataset,'
        ' pipeline=_base_.train_pipeline))\n'
        'val_dataloader = dict(\n'
        '    dataset=dict(_base_.val_dataset, pipeline=_base_.val_pipeline))\n'
        'test_dataloader = val_dataloader\n')
    cfg = Config.fromfile(str(leaf))
    train, test = cfg.train_dataloader.dataset, cfg.test_dataloader.dataset
    assert train.skip_broken and 'num_classes' not in train
    assert test.test_mode and test.ann_file == 'data/toy/val.txt'
    assert cfg.train_dataloader.batch_size == 8
    for dataset_cfg, split in ((train, 'train'), (test, 'val')):
        dataset_cfg.update(
            ann_file=tiny_toy_dataset[split],
            data_prefix=dict(video=tiny_toy_dataset['videos']))
        sample = DATASETS.build(dataset_cfg)[0]
        assert sample['inputs'].shape[:3] == (2, 3, 4)
        assert sample['data_samples'].temporal_labels.tolist() == [0, 1]


@pytest.mark.parametrize('name', ['transrank/_base_/transrank_k200.py',
                                  'transrank/_base_/transrank_ucf101.py',
                                  'rspnet/_base_/rspnet_k400.py',
                                  'rspnet/_base_/rspnet_ucf101.py'])
def test_method_bases_use_the_pretrain_data_bases(name):
    cfg = load(name)
    data = name.split('_')[-1][:-len('.py')]
    data = load(f'_base_/datasets/pretrain/{data}.py')
    for loader, dataset in (('train_dataloader', data.train_dataset),
                            ('val_dataloader', data.val_dataset),
                            ('test_dataloader', data.val_dataset)):
        assert cfg[loader].dataset.ann_file == dataset.ann_file
        assert cfg[loader].dataset.pipeline == cfg[
            'val_pipeline' if loader != 'train_dataloader' else
            'train_pipeline']


def crop_sizes(pipeline):
    """The side of every square crop or resize of a pipeline."""
    sizes = []
    for step in pipeline:
        if step['type'] == 'CenterCrop':
            sizes.append(step['crop_size'])
        elif step['type'] == 'MultiClipRandomResizedCrop':
            sizes.append(step['size'])
        elif step['type'] == 'Resize' and not step.get('keep_ratio', True):
            sizes.extend(set(step['scale']))
    return sizes


def toy_pipelines(cfg):
    """Every pipeline of a toy config: its loaders' and its gallery's."""
    pipelines = {
        loader: cfg[loader].dataset.pipeline
        for loader in ('train_dataloader', 'val_dataloader', 'test_dataloader')
        if cfg.get(loader)
    }
    gallery = cfg.test_cfg.get('gallery_dataloader')
    if gallery:
        pipelines['gallery'] = gallery.dataset.pipeline
    return pipelines


@pytest.mark.parametrize('leaf', [leaf for leaf in LEAVES if 'toy' in leaf])
def test_toy_pipelines_build_at_cpu_scale(leaf):
    cfg = load(leaf)
    rgbdiff = 'rgbdiff' in leaf or 'fused' in leaf
    for name, pipeline in toy_pipelines(cfg).items():
        Compose(pipeline)
        # 56x56 crops of 8 frames (the differences of 9 where differences
        # replace the frames; appended difference views, as Static and
        # Dynamic Concepts derives them from its RGB clips, keep the 8).
        assert crop_sizes(pipeline) == [56], name
        appended = any(
            step['type'] == 'FrameDiffView'
            and step.get('mode', 'append') == 'append' for step in pipeline)
        samplers = [
            step for step in pipeline if 'Sampler' in step['type']
            or step['type'] == 'SampleFrames'
        ]
        assert len(samplers) == 1, name
        clip_len = samplers[0].get('clip_len', 2 * samplers[0].get(
            'sub_clip_len', 0))
        assert clip_len == 8 + (rgbdiff and not appended), (name, samplers[0])


@pytest.mark.parametrize('leaf', TRAINED)
def test_protocols_keep_the_last_epoch_and_select_nothing(leaf):
    """The validation list of UCF101, HMDB51 and mHMDB51 is their test list:
    no checkpoint is chosen on it, the last epoch is saved."""
    cfg = load(leaf)
    checkpoint = cfg.default_hooks.checkpoint
    assert 'save_best' not in checkpoint and 'rule' not in checkpoint
    assert checkpoint.get('save_last', True)
    assert cfg.train_cfg.max_epochs % checkpoint.interval == 0
    assert checkpoint.interval == (1 if 'toy' in leaf else 5)


@pytest.mark.parametrize('protocol, sampler, clip_key', [
    ('sync', 'SyncPairSampler', 'clip_len'),
    ('order', 'TemporalOrderSampler', 'sub_clip_len'),
])
@pytest.mark.parametrize('data, clip_len', [('ucf101', 16), ('toy', 8)])
def test_sync_and_order_replace_the_dataset_sampler(protocol, sampler,
                                                    clip_key, data, clip_len):
    cfg = load(f'benchmarks/{protocol}/r3d18_{data}.py')
    recognition = load(f'_base_/datasets/{data}.py')
    expected = clip_len // 2 if clip_key == 'sub_clip_len' else clip_len
    for loader in ('train_dataloader', 'val_dataloader', 'test_dataloader'):
        pipeline = cfg[loader].dataset.pipeline
        assert not steps(pipeline, 'SampleFrames')
        (step, ) = steps(pipeline, sampler)
        assert step[clip_key] == expected
        assert step.get('test_mode', False) is (loader != 'train_dataloader')
        # Everything else is the dataset's own pipeline, in its order.
        others = [s['type'] for s in pipeline if s['type'] != sampler]
        assert others == [
            s['type'] for s in recognition[loader].dataset.pipeline
            if s['type'] != 'SampleFrames'
        ]
    assert cfg.test_dataloader.dataset.pipeline == \
        cfg.val_dataloader.dataset.pipeline
    assert cfg.test_dataloader.batch_size == cfg.val_dataloader.batch_size


@pytest.mark.parametrize('leaf, loaders', [
    ('benchmarks/finetune/r3d18_toy_rgbdiff.py',
     ('train_dataloader', 'val_dataloader', 'test_dataloader')),
    ('benchmarks/retrieval/r3d18_ucf101_rgbdiff.py', ('test_dataloader', )),
    ('benchmarks/retrieval/r3d18_toy_rgbdiff.py', ('test_dataloader', )),
])
def test_rgbdiff_differences_one_more_frame_before_formatting(leaf, loaders):
    cfg = load(leaf)
    rgb = load(leaf.replace('_rgbdiff', '_rgb')
               if 'retrieval' in leaf else leaf.replace('_rgbdiff', ''))
    for loader in loaders:
        diff, plain = (c[loader].dataset.pipeline for c in (cfg, rgb))
        types = [step['type'] for step in diff]
        assert types.index('FrameDiffView') + 1 == types.index('FormatShape')
        assert [t for t in types if t != 'FrameDiffView'] == [
            step['type'] for step in plain
        ]
        (sampler, ), (rgb_sampler, ) = (steps(p, 'SampleFrames')
                                        for p in (diff, plain))
        assert sampler.clip_len == rgb_sampler.clip_len + 1
        assert sampler.num_clips == rgb_sampler.num_clips
