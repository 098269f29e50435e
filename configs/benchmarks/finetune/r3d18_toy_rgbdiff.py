# Finetuning on the toy dataset from frame differences (RGBDiff), for
# backbones pre-trained by configs/transrank/r3d18_toy_rgbdiff.py: the
# pipelines of r3d18_toy.py, except that each clip samples 9 frames and
# feeds their 8 differences (taken after the spatial augmentation),
# normalised with mean 128, std 64 like the pre-training.
_base_ = ['./r3d18_toy.py']

diff_clip_len = 9
diff_view = dict(type='FrameDiffView', mode='replace', length='shrink')

model = dict(data_preprocessor=dict(mean=[128.0] * 3, std=[64.0] * 3))
# Pipeline steps of the base: 0 DecordOpen, 1 SampleFrames, ...,
# -2 FormatShape, -1 PackActionInputs.
train_pipeline = [
    _base_.train_pipeline[0],
    dict(_base_.train_pipeline[1], clip_len=diff_clip_len),
    *_base_.train_pipeline[2:-2], diff_view, *_base_.train_pipeline[-2:]
]
val_pipeline = [
    _base_.val_pipeline[0],
    dict(_base_.val_pipeline[1], clip_len=diff_clip_len),
    *_base_.val_pipeline[2:-2], diff_view, *_base_.val_pipeline[-2:]
]
test_pipeline = [
    _base_.test_pipeline[0],
    dict(_base_.test_pipeline[1], clip_len=diff_clip_len),
    *_base_.test_pipeline[2:-2], diff_view, *_base_.test_pipeline[-2:]
]
train_dataloader = dict(dataset=dict(pipeline=train_pipeline))
val_dataloader = dict(dataset=dict(pipeline=val_pipeline))
test_dataloader = dict(dataset=dict(pipeline=test_pipeline))
