# Diving48 videos (tools/data/diving48 in MMAction2, V1 annotations).
_base_ = ['./recognition_16x112.py']

num_classes = 48
dataset_type = 'RobustVideoDataset'
data_root = 'data/diving48/videos'
data_root_val = 'data/diving48/videos'
data_prefix = dict(video=data_root)
data_prefix_val = dict(video=data_root_val)
ann_file_train = 'data/diving48/diving48_train_list_videos.txt'
ann_file_val = 'data/diving48/diving48_val_list_videos.txt'
ann_file_test = 'data/diving48/diving48_val_list_videos.txt'
# These lists and videos in the loaders of the base.
dataset = dict(type=dataset_type, num_classes=num_classes)
train_dataloader = dict(
    dataset=dict(dataset, ann_file=ann_file_train, data_prefix=data_prefix))
val_dataloader = dict(
    dataset=dict(dataset, ann_file=ann_file_val, data_prefix=data_prefix_val))
test_dataloader = dict(
    dataset=dict(dataset, ann_file=ann_file_test, data_prefix=data_prefix_val))
