# UCF101 videos and MMAction2 annotation lists (tools/data/ucf101 in
# MMAction2), split 1 of the three official splits.
dataset_type = 'RobustVideoDataset'
data_root = 'data/ucf101/videos'
data_root_val = 'data/ucf101/videos'
split = 1
ann_file_train = f'data/ucf101/ucf101_train_split_{split}_videos.txt'
ann_file_val = f'data/ucf101/ucf101_val_split_{split}_videos.txt'
ann_file_test = f'data/ucf101/ucf101_val_split_{split}_videos.txt'
num_classes = 101
