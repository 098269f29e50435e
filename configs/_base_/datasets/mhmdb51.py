# mHMDB51 (Motion task): HMDB51 videos labelled with one of 5 motion types.
# Build the lists with tools/data/mhmdb51/build_mhmdb51.py from the HMDB51
# lists; the videos are HMDB51's.
dataset_type = 'RobustVideoDataset'
data_root = 'data/hmdb51/videos'
data_root_val = 'data/hmdb51/videos'
split = 1
ann_file_train = f'data/mhmdb51/mhmdb51_train_split_{split}_videos.txt'
ann_file_val = f'data/mhmdb51/mhmdb51_val_split_{split}_videos.txt'
ann_file_test = f'data/mhmdb51/mhmdb51_val_split_{split}_videos.txt'
num_classes = 5
