# Mini-Kinetics-200 (Xie et al., 2018): a 200-class subset of Kinetics-400.
# The videos are Kinetics-400's; the lists hold the subset's videos with
# labels 0-199, in MMAction2's "<path> <label>" format.
dataset_type = 'RobustVideoDataset'
data_root = 'data/kinetics400/videos_train'
data_root_val = 'data/kinetics400/videos_val'
ann_file_train = 'data/k200/k200_train_list_videos.txt'
ann_file_val = 'data/k200/k200_val_list_videos.txt'
ann_file_test = 'data/k200/k200_val_list_videos.txt'
num_classes = 200
