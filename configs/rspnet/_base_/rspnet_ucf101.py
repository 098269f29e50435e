# RSPNet pre-training on UCF101 split 1 (train videos, labels unused).
_base_ = ['./rspnet_k400.py']

train_dataloader = dict(
    dataset=dict(
        ann_file='data/ucf101/ucf101_train_split_1_videos.txt',
        data_prefix=dict(video='data/ucf101/videos')))
val_dataloader = dict(
    dataset=dict(
        ann_file='data/ucf101/ucf101_val_split_1_videos.txt',
        data_prefix=dict(video='data/ucf101/videos')))
test_dataloader = val_dataloader
