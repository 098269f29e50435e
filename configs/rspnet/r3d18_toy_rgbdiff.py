# RSPNet on frame differences (RGBDiff) of the toy dataset: the CPU-sized
# model and schedule of r3d18_toy.py, 9 sampled frames per clip turned into
# 8 differences, normalised with mean 128, std 64 like
# configs/benchmarks/retrieval/r3d18_toy_rgbdiff.py. The toy shapes move 0.2
# to 2 pixels per frame at 1x, which the slim RGB model does not resolve
# within a CPU-sized run (r3d18_toy.py: held-out RSP accuracy near chance);
# in differences the speed is visible. The toy RSPNet config that learns.
# Each validation also reports retrieval R@k (RetrievalValLoop).
_base_ = ['./r3d18_toy.py', '../_base_/datasets/pretrain/retrieval_val.py']

model = dict(data_preprocessor=dict(mean=[128.0] * 3, std=[64.0] * 3))
val_cfg = _base_.retrieval_val['toy']['rgbdiff']

diff_clip_len = 9
diff_view = dict(type='FrameDiffView', mode='replace', length='shrink')
train_dataloader = dict(
    dataset=dict(pipeline=[
        dict(type='DecordOpen'),
        dict(type='MultiClipSampler', clip_len=diff_clip_len,
             transforms={{_base_.temporal_transforms}},
             assign='relative_speed'),
        dict(type='DecordDecodeOnce'),
        dict(type='MultiClipRandomResizedCrop', size={{_base_.crop_size}},
             area_range=(0.4, 1.0), scope='clip'),
        dict(type='MultiClipFlip', prob=0.5, scope='clip'),
        diff_view,
        dict(type='PackMultiClipInputs', label_keys=('temporal_labels', ))
    ]))
val_dataloader = dict(
    dataset=dict(pipeline=[
        dict(type='DecordOpen'),
        dict(type='MultiClipSampler', clip_len=diff_clip_len,
             transforms={{_base_.temporal_transforms}},
             assign='relative_speed', start_mode='adjacent', test_mode=True),
        dict(type='DecordDecodeOnce'),
        dict(type='CenterCrop', crop_size={{_base_.crop_size}}),
        diff_view,
        dict(type='PackMultiClipInputs', label_keys=('temporal_labels', ))
    ]))
test_dataloader = val_dataloader
