# TransRank-ST pre-trained on frame differences (RGBDiff) instead of RGB, as
# in the TransRank appendix (Table 12), for multi-modality retrieval with
# configs/benchmarks/retrieval/r3d18_ucf101_rgbdiff.py. Each clip samples 17
# frames (the 16-frame clips of the base + 1), is augmented as RGB, rotated,
# then turned into 16 differences d_t = x_{t+1} - x_t, stored as uint8
# (d + 256) // 2 and normalised with mean 128, std 64 like the retrieval
# config.
_base_ = ['./r3d18_k200_st.py']

model = dict(data_preprocessor=dict(mean=[128.0] * 3, std=[64.0] * 3))

diff_clip_len = 17
diff_view = dict(type='FrameDiffView', mode='replace', length='shrink')
label_keys = ('temporal_labels', 'rotation_labels')
train_dataloader = dict(
    dataset=dict(pipeline=[
        dict(type='DecordOpen'),
        dict(type='MultiClipSampler', clip_len=diff_clip_len,
             transforms={{_base_.temporal_transforms}}),
        dict(type='DecordDecodeOnce'),
        dict(type='Resize', scale=(-1, 128)),
        dict(type='MultiClipRandomResizedCrop', size={{_base_.crop_size}}),
        dict(type='MultiClipFlip', prob=0.5),
        dict(type='MultiClipColorJitter', prob=0.8),
        dict(type='MultiClipRandomGrayscale', prob=0.2),
        dict(type='MultiClipRotation', assign='random'),
        diff_view,
        dict(type='PackMultiClipInputs', label_keys=label_keys)
    ]))
val_dataloader = dict(
    dataset=dict(pipeline=[
        dict(type='DecordOpen'),
        dict(type='MultiClipSampler', clip_len=diff_clip_len,
             transforms={{_base_.temporal_transforms}}, test_mode=True),
        dict(type='DecordDecodeOnce'),
        dict(type='Resize', scale=(-1, 128)),
        dict(type='CenterCrop', crop_size={{_base_.crop_size}}),
        dict(type='MultiClipRotation', assign='random'),
        diff_view,
        dict(type='PackMultiClipInputs', label_keys=label_keys)
    ]))
test_dataloader = val_dataloader
