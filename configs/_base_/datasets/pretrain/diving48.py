# Diving-48 for pre-training (configs/_base_/datasets/diving48.py): the
# training videos, and the test (V2) videos held out; the labels are not
# used.
# The training and the held-out (validation) videos.
train_dataset, val_dataset = (
    dict(ann_file=f'data/diving48/diving48_{split}_list_videos.txt',
         data_prefix=dict(video='data/diving48/videos'))
    for split in ('train', 'val'))
