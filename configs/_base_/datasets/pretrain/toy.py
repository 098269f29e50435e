# The generated toy dataset (tools/data/toy) for pre-training: 100 training
# videos, 40 held-out videos for the pretext accuracy; the labels are not
# used.
# The training and the held-out (validation) videos.
train_dataset, val_dataset = (
    dict(ann_file=f'data/toy/{split}.txt',
         data_prefix=dict(video='data/toy/videos'))
    for split in ('train', 'val'))
