import uuid

import pytest
from mmengine.evaluator import BaseMetric
from mmengine.runner import Runner

from mmssl.errors import ConfigValueError
from mmssl.models.algorithms.base import BaseMultiClipAlgorithm
from mmssl.registry import METRICS, MODELS

# 2 test clips of 4 frames, centre-cropped to 16x16, per video (B, N, ...).
PIPELINE = [
    dict(type='DecordOpen'),
    dict(type='SampleFrames', clip_len=4, frame_interval=1, num_clips=2,
         test_mode=True),
    dict(type='DecordDecodeOnce'),
    dict(type='CenterCrop', crop_size=16),
    dict(type='FormatShape', input_format='NCTHW'),
    dict(type='PackActionInputs')
]


class TinyPretext(BaseMultiClipAlgorithm):
    """A pre-training algorithm without heads: loss = mean feature."""

    def loss(self, inputs, data_samples):
        return dict(loss=self.extract_feat(inputs).mean())

    def predict(self, inputs, data_samples):
        return data_samples


class CountVideos(BaseMetric):
    """A pretext metric: the number of validation videos."""

    def process(self, data_batch, data_samples):
        self.results += [1] * len(data_samples)

    def compute_metrics(self, results):
        return dict(videos=len(results))


@pytest.fixture(autouse=True)
def registered():
    MODELS.register_module(module=TinyPretext)
    METRICS.register_module(module=CountVideos)
    try:
        yield
    finally:
        MODELS._module_dict.pop('TinyPretext')
        METRICS._module_dict.pop('CountVideos')


def loader(toy, split):
    return dict(
        batch_size=2,
        num_workers=0,
        sampler=dict(type='DefaultSampler', shuffle=False),
        dataset=dict(
            type='RobustVideoDataset',
            ann_file=toy[split],
            data_prefix=dict(video=toy['videos']),
            test_mode=True,
            pipeline=PIPELINE))


def build_runner(tmp_path, toy, tiny_r3d, query='val', pretext=False,
                 **kwargs):
    return Runner(
        model=dict(
            type='TinyPretext',
            backbone=tiny_r3d,
            data_preprocessor=dict(type='MultiViewDataPreprocessor')),
        work_dir=str(tmp_path),
        experiment_name=f'retrieval_val_{uuid.uuid4().hex}',
        val_dataloader=loader(toy, 'val'),
        val_evaluator=[dict(type='CountVideos')] if pretext else [],
        val_cfg=dict(
            type='RetrievalValLoop',
            query_dataloader=loader(toy, query),
            gallery_dataloader=loader(toy, 'train'),
            topk=(1, 2)),
        default_scope='mmssl',
        **kwargs)


def test_gallery_as_query_set_gives_r1_100_and_restores_modes(
        tmp_path, tiny_toy_dataset, tiny_r3d):
    runner = build_runner(tmp_path, tiny_toy_dataset, tiny_r3d,
                          query='train')
    model = runner.model
    model.train()
    model.backbone.conv1.eval()  # e.g. a frozen part
    # The 4 training videos query themselves: each finds its own, identical
    # feature first (cosine 1), so R@1 is exactly 100.
    metrics = runner.val()
    assert metrics == {'retrieval/rgb/R@1': 100.0, 'retrieval/rgb/R@2': 100.0}
    assert model.training and model.backbone.training
    assert model.data_preprocessor.training
    assert not model.backbone.conv1.training
    # No cache: nothing was written besides the logs.
    assert not list(tmp_path.glob('**/*.pth'))


def test_pretext_metrics_come_first_and_retrieval_is_logged(
        tmp_path, tiny_toy_dataset, tiny_r3d):
    runner = build_runner(tmp_path, tiny_toy_dataset, tiny_r3d, pretext=True)
    metrics = runner.val()
    assert list(metrics)[0] == 'videos' and metrics['videos'] == 2
    # 2 val videos (labels 0 and 4, class 4 absent from the gallery) query
    # 4 training videos: R@1 is 0 or 50 percent, R@2 at most 50.
    assert metrics['retrieval/rgb/R@1'] in (0.0, 50.0)
    assert 0.0 <= metrics['retrieval/rgb/R@2'] <= 50.0
    scalars = runner.message_hub.log_scalars
    assert scalars['val/retrieval/rgb/R@1'].current() == \
        metrics['retrieval/rgb/R@1']


def test_checkpoint_hook_saves_the_best_retrieval_epoch(
        tmp_path, tiny_toy_dataset, tiny_r3d):
    train_loader = dict(loader(tiny_toy_dataset, 'train'),
                        sampler=dict(type='DefaultSampler', shuffle=True))
    runner = build_runner(
        tmp_path, tiny_toy_dataset, tiny_r3d, query='train',
        train_dataloader=train_loader,
        train_cfg=dict(by_epoch=True, max_epochs=1, val_interval=1),
        optim_wrapper=dict(optimizer=dict(type='SGD', lr=0.01)),
        default_hooks=dict(checkpoint=dict(
            type='CheckpointHook', interval=1,
            save_best='retrieval/rgb/R@1', rule='greater')))
    runner.train()
    assert runner.model.training
    assert list(tmp_path.glob('best_retrieval_rgb_R@1_epoch_1.pth'))


def test_a_model_without_backbone_is_refused(tmp_path, tiny_toy_dataset,
                                             tiny_r3d):
    runner = build_runner(tmp_path, tiny_toy_dataset, tiny_r3d)
    del runner.model.backbone
    with pytest.raises(ConfigValueError, match='no "backbone"'):
        runner.val()
