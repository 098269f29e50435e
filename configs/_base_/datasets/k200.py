# Mini-Kinetics-200 (Xie et al., 2018): a 200-class subset of Kinetics-400.
# The videos are Kinetics-400's; the lists hold the subset's videos with
# labels 0-199, in MMAction2's "<path> <label>" format.
_base_ = ['./recognition_16x112.py']

num_classes = 200
dataset_type = 'RobustVideoDataset'
data_root = 'data/kinetics400/videos_train'
data_root_val = 'data/kinetics400/videos_val'
data_prefix = dict(video=data_root)
data_prefix_val = dict(video=data_root_val)
ann_file_train = 'data/k200/k200_train_list_videos.txt'
ann_file_val = 'data/k200/k200_val_list_videos.txt'
ann_file_test = 'data/k200/k200_val_list_videos.txt'
# These lists and videos in the loaders of the base.
dataset = dict(type=dataset_type, num_classes=num_classes)
train_dataloader = dict(
    dataset=dict(dataset, ann_file=ann_file_train, data_prefix=data_prefix))
val_dataloader = dict(
    dataset=dict(dataset, ann_file=ann_file_val, data_prefix=data_prefix_val))
test_dataloader = dict(
    dataset=dict(dataset, ann_file=ann_file_test, data_prefix=data_prefix_val))
