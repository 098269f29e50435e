# Finetuning on the toy dataset from frame differences (RGBDiff), for
# backbones pre-trained by configs/transrank/r3d18_toy_rgbdiff.py: each clip
# samples 9 frames and feeds their 8 differences, normalised with mean 128,
# std 64 like the pre-training.
_base_ = ['./r3d18_toy.py']

diff_clip_len = 9
diff_view = dict(type='FrameDiffView', mode='replace', length='shrink')

model = dict(data_preprocessor=dict(mean=[128.0] * 3, std=[64.0] * 3))
train_dataloader = dict(
    dataset=dict(pipeline=[
        dict(type='DecordOpen'),
        dict(type='SampleFrames', clip_len=diff_clip_len, frame_interval=1,
             num_clips=1),
        dict(type='DecordDecodeOnce'),
        dict(type='RandomResizedCrop', area_range=(0.4, 1.0)),
        dict(type='Resize', scale=({{_base_.crop_size}}, {{_base_.crop_size}}),
             keep_ratio=False),
        dict(type='Flip', flip_ratio=0.5),
        diff_view,
        dict(type='FormatShape', input_format='NCTHW'),
        dict(type='PackActionInputs')
    ]))
val_dataloader = dict(
    dataset=dict(pipeline=[
        dict(type='DecordOpen'),
        dict(type='SampleFrames', clip_len=diff_clip_len, frame_interval=1,
             num_clips=1, test_mode=True),
        dict(type='DecordDecodeOnce'),
        dict(type='CenterCrop', crop_size={{_base_.crop_size}}),
        diff_view,
        dict(type='FormatShape', input_format='NCTHW'),
        dict(type='PackActionInputs')
    ]))
test_dataloader = dict(
    dataset=dict(pipeline=[
        dict(type='DecordOpen'),
        dict(type='SampleFrames', clip_len=diff_clip_len, frame_interval=1,
             num_clips=10, test_mode=True),
        dict(type='DecordDecodeOnce'),
        dict(type='CenterCrop', crop_size={{_base_.crop_size}}),
        diff_view,
        dict(type='FormatShape', input_format='NCTHW'),
        dict(type='PackActionInputs')
    ]))
