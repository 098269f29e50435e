# TransRank-ST pre-trained on frame differences (RGBDiff) instead of RGB, as
# in the TransRank appendix (Table 12), for multi-modality retrieval with
# configs/benchmarks/retrieval/r3d18_ucf101_rgbdiff.py. The pipelines of
# r3d18_k200_st.py, with two changes: each clip samples 17 frames (the
# 16-frame clips of the base + 1), and after the RGB augmentation and the
# rotation they are turned into 16 differences d_t = x_{t+1} - x_t, stored as
# uint8 (d + 256) // 2 and normalised with mean 128, std 64 like the
# retrieval config.
_base_ = ['./r3d18_k200_st.py']

model = dict(data_preprocessor=dict(mean=[128.0] * 3, std=[64.0] * 3))

diff_clip_len = 17
diff_view = dict(type='FrameDiffView', mode='replace', length='shrink')
# Pipeline steps of the base: 0 DecordOpen, 1 MultiClipSampler, ..., -1 packer.
train_pipeline = [
    _base_.train_pipeline[0],
    dict(_base_.train_pipeline[1], clip_len=diff_clip_len),
    *_base_.train_pipeline[2:-1], diff_view, _base_.train_pipeline[-1]
]
val_pipeline = [
    _base_.val_pipeline[0],
    dict(_base_.val_pipeline[1], clip_len=diff_clip_len),
    *_base_.val_pipeline[2:-1], diff_view, _base_.val_pipeline[-1]
]
train_dataloader = dict(dataset=dict(pipeline=train_pipeline))
val_dataloader = dict(dataset=dict(pipeline=val_pipeline))
test_dataloader = val_dataloader
