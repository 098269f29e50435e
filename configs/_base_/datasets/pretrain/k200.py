# Mini-Kinetics-200 (Xie et al., 2018) for pre-training: the 200-class subset
# of Kinetics-400 (configs/_base_/datasets/k200.py); its labels are not used.
# The training and the held-out (validation) videos.
train_dataset, val_dataset = (
    dict(ann_file=f'data/k200/k200_{split}_list_videos.txt',
         data_prefix=dict(video=f'data/kinetics400/videos_{split}'))
    for split in ('train', 'val'))
