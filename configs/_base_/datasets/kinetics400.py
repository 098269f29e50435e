# Kinetics-400 videos and MMAction2 annotation lists (tools/data/kinetics).
_base_ = ['./recognition_16x112.py']

num_classes = 400
dataset_type = 'RobustVideoDataset'
data_root = 'data/kinetics400/videos_train'
data_root_val = 'data/kinetics400/videos_val'
data_prefix = dict(video=data_root)
data_prefix_val = dict(video=data_root_val)
ann_file_train = 'data/kinetics400/kinetics400_train_list_videos.txt'
ann_file_val = 'data/kinetics400/kinetics400_val_list_videos.txt'
ann_file_test = 'data/kinetics400/kinetics400_val_list_videos.txt'
# These lists and videos in the loaders of the base.
dataset = dict(type=dataset_type, num_classes=num_classes)
train_dataloader = dict(
    dataset=dict(dataset, ann_file=ann_file_train, data_prefix=data_prefix))
val_dataloader = dict(
    dataset=dict(dataset, ann_file=ann_file_val, data_prefix=data_prefix_val))
test_dataloader = dict(
    dataset=dict(dataset, ann_file=ann_file_test, data_prefix=data_prefix_val))
