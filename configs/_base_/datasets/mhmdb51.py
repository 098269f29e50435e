# mHMDB51 (Motion task): HMDB51 videos labelled with one of 5 motion types.
# Build the lists with tools/data/mhmdb51/build_mhmdb51.py from the HMDB51
# lists; the videos are HMDB51's.
# Its validation list is its test list: nothing is selected on it.
_base_ = ['./recognition_16x112.py']

num_classes = 5
dataset_type = 'RobustVideoDataset'
data_root = 'data/hmdb51/videos'
data_root_val = 'data/hmdb51/videos'
data_prefix = dict(video=data_root)
data_prefix_val = dict(video=data_root_val)
ann_file_train = 'data/mhmdb51/mhmdb51_train_split_1_videos.txt'
ann_file_val = 'data/mhmdb51/mhmdb51_val_split_1_videos.txt'
ann_file_test = 'data/mhmdb51/mhmdb51_val_split_1_videos.txt'
# These lists and videos in the loaders of the base.
dataset = dict(type=dataset_type, num_classes=num_classes)
train_dataloader = dict(
    dataset=dict(dataset, ann_file=ann_file_train, data_prefix=data_prefix))
val_dataloader = dict(
    dataset=dict(dataset, ann_file=ann_file_val, data_prefix=data_prefix_val))
test_dataloader = dict(
    dataset=dict(dataset, ann_file=ann_file_test, data_prefix=data_prefix_val))
