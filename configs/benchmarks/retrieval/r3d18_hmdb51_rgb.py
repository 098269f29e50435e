# Video retrieval, HMDB51 split 1, RGB: as r3d18_ucf101_rgb.py.
_base_ = ['./r3d18_ucf101_rgb.py']

hmdb51 = dict(
    ann_test='data/hmdb51/hmdb51_val_split_1_videos.txt',
    ann_train='data/hmdb51/hmdb51_train_split_1_videos.txt',
    videos='data/hmdb51/videos')
test_dataloader = dict(
    dataset=dict(ann_file=hmdb51['ann_test'],
                 data_prefix=dict(video=hmdb51['videos'])))
test_cfg = dict(
    gallery_dataloader=dict(
        dataset=dict(ann_file=hmdb51['ann_train'],
                     data_prefix=dict(video=hmdb51['videos']))))
