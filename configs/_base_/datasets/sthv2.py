# Something-Something V2 videos (tools/data/sthv2 in MMAction2).
_base_ = ['./something_16x112.py']

num_classes = 174
dataset_type = 'RobustVideoDataset'
data_root = 'data/sthv2/videos'
data_root_val = 'data/sthv2/videos'
data_prefix = dict(video=data_root)
data_prefix_val = dict(video=data_root_val)
ann_file_train = 'data/sthv2/sthv2_train_list_videos.txt'
ann_file_val = 'data/sthv2/sthv2_val_list_videos.txt'
ann_file_test = 'data/sthv2/sthv2_val_list_videos.txt'
# These lists and videos in the loaders of the base.
dataset = dict(type=dataset_type, num_classes=num_classes)
train_dataloader = dict(
    dataset=dict(dataset, ann_file=ann_file_train, data_prefix=data_prefix))
val_dataloader = dict(
    dataset=dict(dataset, ann_file=ann_file_val, data_prefix=data_prefix_val))
test_dataloader = dict(
    dataset=dict(dataset, ann_file=ann_file_test, data_prefix=data_prefix_val))
