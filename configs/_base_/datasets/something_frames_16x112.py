# The loaders of recognition_16x112.py for Something-Something V1 as
# distributed: JPEG frame folders whose frames are named 00001.jpg,
# 00002.jpg, ..., read from the folder instead of decoded from a video; no
# flips in training, as they would swap the left/right classes ("Pushing
# something from left to right").
_base_ = ['./recognition_16x112.py']

frame_decoder = dict(type='RawFrameDecodeOnce')
frame_pipelines = {
    split: [
        frame_decoder if step.type == 'DecordDecodeOnce' else step
        for step in _base_[f'{split}_dataloader'].dataset.pipeline
        if step.type not in ('DecordOpen', 'Flip')
    ]
    for split in ('train', 'val', 'test')
}
train_dataloader = dict(
    dataset=dict(filename_tmpl='{:05}.jpg', pipeline=frame_pipelines['train']))
val_dataloader = dict(
    dataset=dict(filename_tmpl='{:05}.jpg', pipeline=frame_pipelines['val']))
test_dataloader = dict(
    dataset=dict(filename_tmpl='{:05}.jpg', pipeline=frame_pipelines['test']))
