# UCF101 split 1 for pre-training (configs/_base_/datasets/ucf101.py): the
# training videos, and the test videos for the held-out pretext accuracy; the
# labels are not used.
# The training and the held-out (validation) videos.
train_dataset, val_dataset = (
    dict(ann_file=f'data/ucf101/ucf101_{split}_split_1_videos.txt',
         data_prefix=dict(video='data/ucf101/videos'))
    for split in ('train', 'val'))
