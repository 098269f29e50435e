# Video retrieval on the toy dataset (val videos query train videos) on a
# CPU: the slim R3D-18 of configs/_base_/toy_cpu.py, average-pooled over
# space, and the toy test pipeline with 4 clips per video instead of 10 (for
# RGB input here, for frame differences in r3d18_toy_rgbdiff.py).
#   python tools/test.py configs/benchmarks/retrieval/r3d18_toy_rgb.py \
#       --cfg-options model.backbone_checkpoint=work_dirs/demo/pretrain/epoch_12.pth
_base_ = [
    '../../_base_/models/r3d18.py', '../../_base_/datasets/toy.py',
    '../_base_/retrieval.py', '../../_base_/default_runtime.py'
]

model = dict(
    backbone=dict(_base_.backbone, base_channels=8), spatial_pool='avg')
pipelines = {
    modality: [
        dict(step, num_clips=4) if step.type == 'SampleFrames' else step
        for step in pipeline
    ]
    for modality, pipeline in (
        ('rgb', _base_.test_dataloader.dataset.pipeline),
        ('rgbdiff', _base_.diff_pipelines['test']))
}
train_dataloader = val_dataloader = None
test_dataloader = dict(
    batch_size=8,
    persistent_workers=False,
    dataset=dict(pipeline=pipelines['rgb']))
test_cfg = dict(
    gallery_dataloader=dict(
        num_workers=2,
        dataset=dict(
            _base_.test_dataloader.dataset,
            ann_file=_base_.ann_file_train,
            data_prefix=_base_.data_prefix,
            pipeline=pipelines['rgb'])))
