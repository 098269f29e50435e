# Something-Something V1, distributed as JPEG frames named 00001.jpg, ...
# (tools/data/sthv1 in MMAction2).
dataset_type = 'RobustRawframeDataset'
data_root = 'data/sthv1/rawframes'
data_root_val = 'data/sthv1/rawframes'
ann_file_train = 'data/sthv1/sthv1_train_list_rawframes.txt'
ann_file_val = 'data/sthv1/sthv1_val_list_rawframes.txt'
ann_file_test = 'data/sthv1/sthv1_val_list_rawframes.txt'
filename_tmpl = '{:05}.jpg'
num_classes = 174
