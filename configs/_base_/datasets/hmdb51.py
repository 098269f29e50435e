# HMDB51 videos and MMAction2 annotation lists (tools/data/hmdb51 in
# MMAction2), split 1 of the three official splits.
dataset_type = 'RobustVideoDataset'
data_root = 'data/hmdb51/videos'
data_root_val = 'data/hmdb51/videos'
split = 1
ann_file_train = f'data/hmdb51/hmdb51_train_split_{split}_videos.txt'
ann_file_val = f'data/hmdb51/hmdb51_val_split_{split}_videos.txt'
ann_file_test = f'data/hmdb51/hmdb51_val_split_{split}_videos.txt'
num_classes = 51
