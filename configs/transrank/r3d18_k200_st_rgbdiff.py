# TransRank-ST pre-trained on frame differences (RGBDiff) instead of RGB, as
# in the TransRank appendix (Table 12), for multi-modality retrieval with
# configs/benchmarks/retrieval/r3d18_ucf101_rgbdiff.py. The pipelines of
# r3d18_k200_st.py, with two changes: each clip samples one frame more (17),
# and after the RGB augmentation and the rotation, just before the packer,
# its frames are turned into 16 differences d_t = x_{t+1} - x_t, stored as
# uint8 (d + 256) // 2 and normalised with mean 128, std 64 like the
# retrieval config.
_base_ = ['./r3d18_k200_st.py']

model = dict(data_preprocessor=dict(mean=[128.0] * 3, std=[64.0] * 3))

diff_view = dict(type='FrameDiffView', mode='replace', length='shrink')
pipelines = {
    split: [
        new_step for step in _base_[f'{split}_pipeline']
        for new_step in (
            [dict(step, clip_len=step.clip_len + 1)]
            if step.type == 'MultiClipSampler' else [diff_view, step]
            if step.type == 'PackMultiClipInputs' else [step])
    ]
    for split in ('train', 'val')
}
train_dataloader = dict(dataset=dict(pipeline=pipelines['train']))
val_dataloader = dict(dataset=dict(pipeline=pipelines['val']))
test_dataloader = val_dataloader
