# Kinetics-400 for pre-training (configs/_base_/datasets/kinetics400.py); its
# labels are not used.
# The training and the held-out (validation) videos.
train_dataset, val_dataset = (
    dict(ann_file=f'data/kinetics400/kinetics400_{split}_list_videos.txt',
         data_prefix=dict(video=f'data/kinetics400/videos_{split}'))
    for split in ('train', 'val'))
