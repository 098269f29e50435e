# Video retrieval (RSPNet supplement / TransRank appendix): the test videos of
# a dataset query its training videos, both through the dataset's test
# pipeline (full scale: 10 uniform 16-frame clips, centre crop 112); a
# video's feature is the last stage's feature map max-pooled over space
# (RSPNet; 'avg' is the other choice), averaged over time and clips; cosine
# similarity; R@1, 5, 10, 20, 50. RetrievalTestLoop caches the features in
# work_dir/features.
#
# A leaf inherits a model base, a dataset base, this file and
# configs/_base_/default_runtime.py, and binds them; retrieval only tests:
#   model = dict(backbone=_base_.backbone)
#   train_dataloader = val_dataloader = None
#   test_dataloader = dict(batch_size=8, num_workers=4,
#                          persistent_workers=False)
#   test_cfg = dict(gallery_dataloader=dict(dataset=dict(
#       _base_.test_dataloader.dataset, ann_file=_base_.ann_file_train,
#       data_prefix=dict(video=_base_.data_root))))
# The pre-trained weights come from model.backbone_checkpoint, e.g.
#   python tools/test.py CONFIG --cfg-options model.backbone_checkpoint=PRE.pth
model = dict(
    type='VideoFeatureExtractor',
    spatial_pool='max',
    backbone_checkpoint=None,
    data_preprocessor=dict(
        type='ActionDataPreprocessor', format_shape='NCTHW',
        mean=[123.675, 116.28, 103.53], std=[58.395, 57.12, 57.375]))

test_cfg = dict(
    type='RetrievalTestLoop',
    modality='rgb',
    gallery_dataloader=dict(
        batch_size=8,
        num_workers=4,
        sampler=dict(type='DefaultSampler', shuffle=False)))
test_evaluator = dict(type='RetrievalMetric', modalities=['rgb'])
