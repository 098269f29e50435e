# Video retrieval on HMDB51 split 1, RGB
# (configs/benchmarks/_base_/retrieval.py):
#   python tools/test.py configs/benchmarks/retrieval/r3d18_hmdb51_rgb.py \
#       --cfg-options model.backbone_checkpoint=PRE.pth
_base_ = [
    '../../_base_/models/r3d18.py', '../../_base_/datasets/hmdb51.py',
    '../_base_/retrieval.py', '../../_base_/default_runtime.py'
]

model = dict(backbone=_base_.backbone)
train_dataloader = val_dataloader = None
test_dataloader = dict(batch_size=8, num_workers=4, persistent_workers=False)
test_cfg = dict(
    gallery_dataloader=dict(
        dataset=dict(
            _base_.test_dataloader.dataset,
            ann_file=_base_.ann_file_train,
            data_prefix=_base_.data_prefix)))
