# Static and Dynamic Concepts (Qian, Ding, Liu and Lin, ECCV 2022). From each
# video two adjacent 16-frame RGB clips v1 v2 (temporally consistent random
# resized crop to 112 and flip), their static views s1 s2 (one random frame
# repeated 16 times) and frame differences d1 d2 (float x[t+1] - x[t], the
# last one repeated); colour jitter, grayscale and Gaussian blur drawn per
# clip on v and s only. Each kind of view is normalised with its own
# statistics and encoded in a call of its own by one shared encoder
# (separate_encoders=True: one per kind, appendix Table 5). Concept codes are
# cosines of the pooled features (sigma: identity, Table 1) to K_s static and
# K_d dynamic unit prototypes (50 each on UCF101 and Diving-48, 100 on
# Kinetics); static codes are aligned across v and s, dynamic across v and
# d, by swapped prediction of Sinkhorn targets (epsilon 0.05, 3 iterations,
# a queue of 1024 past codes per kind from epoch 1, softmax T 0.1); decoders
# 100-512-512 / 50-512-512 (Table 2) reconstruct the stop-gradient features
# (negative cosine); instance contrast (InfoNCE T 0.07, RGB-RGB, RGB-static,
# RGB-diff, MLP 512-512-128 projections, the other videos of the global batch
# as negatives, as the script; contrast_head.negatives='queue': a queue of
# past keys, which leaves the RGB-diff pair at chance on the toy data); local
# concept alignment on the top-5 valid concepts (Table 3) from epoch 5 (the
# authors' script: 10, model.loc_start_epoch=10); entropy regularisers
# weight 0.1. Prototypes frozen in epoch 0 and renormalised after every step
# (hooks). The authors' script: Adam lr 1e-3, wd 1e-5, lr x0.1 at epochs 120
# and 160, 200 epochs, batch 96 (here 8 GPUs x 8 videos). The method of this
# folder's pre-training configs: a per-dataset base puts train_pipeline into
# the loaders of a pre-training data set, a leaf sets the backbone.
clip_len = 16
crop_size = 112
num_concepts = 50
channels = 512

model = dict(
    type='StaticDynamicConcepts',
    concept_head=dict(
        type='ConceptHead',
        in_channels=channels,
        num_static=num_concepts,
        num_dynamic=num_concepts,
        transformation='identity',
        decoder='mlp',
        decoder_hidden=512),
    local_attention=dict(
        type='LocalConceptAttention', in_channels=channels,
        embed_dims=channels),
    contrast_head=dict(
        type='CrossViewContrastHead',
        in_channels=channels,
        hidden_channels=512,
        out_channels=128,
        negatives='batch',
        loss=dict(type='InfoNCELoss', temperature=0.07, loss_weight=1.0)),
    alignment=dict(
        type='SwappedPredictionLoss', temperature=0.1, loss_weight=1.0),
    fidelity=dict(type='NegativeCosineLoss', loss_weight=1.0),
    entropy=dict(type='ConceptEntropyLoss', temperature=0.1, loss_weight=0.1),
    local=dict(type='LocalConceptLoss', margin=1.4, loss_weight=1.0),
    top_k=5,
    loc_start_epoch=5,
    code_queue_size=1024,
    queue_start_epoch=1,
    sinkhorn_epsilon=0.05,
    sinkhorn_iterations=3,
    separate_encoders=False,
    mix_bn=False,
    running_stats_view='rgb',
    data_preprocessor=dict(
        type='MultiViewDataPreprocessor',
        mean=dict(
            rgb=[123.675, 116.28, 103.53],
            static=[123.675, 116.28, 103.53],
            diff=[0.0, 0.0, 0.0]),
        std=dict(
            rgb=[58.395, 57.12, 57.375],
            static=[58.395, 57.12, 57.375],
            diff=[21.0, 19.4, 18.1]),
        format_shape='NCTHW'))

views = ('rgb', 'static')
train_pipeline = [
    dict(type='DecordOpen'),
    dict(
        type='MultiClipSampler',
        clip_len=clip_len,
        transforms=[dict(type='Speed', rate=1)],
        assign='random',
        num_clips=2,
        start_mode='adjacent'),
    dict(type='DecordDecodeOnce'),
    dict(type='Resize', scale=(-1, 128)),
    dict(type='MultiClipRandomResizedCrop', size=crop_size, scope='video'),
    dict(type='MultiClipFlip', prob=0.5, scope='video'),
    dict(type='StaticView', source_clips=(0, 1)),
    dict(type='FrameDiffView', source_clips=(0, 1), out_dtype='float32'),
    dict(type='MultiClipColorJitter', brightness=0.5, contrast=0.5,
         saturation=0.5, hue=0.25, prob=1.0, scope='clip', views=views),
    dict(type='MultiClipRandomGrayscale', prob=0.5, scope='clip',
         views=views),
    dict(type='MultiClipGaussianBlur', prob=0.5, scope='clip', views=views),
    dict(type='PackMultiClipInputs', label_keys=('view_labels', ),
         rate_keys=())
]

custom_hooks = [
    dict(type='FreezePrototypesHook', epochs=1),
    dict(type='PrototypeNormHook')
]
# L_loc starts late and the prototypes are frozen in epoch 0: some
# parameters get no gradient in some steps.
model_wrapper_cfg = dict(
    type='MMDistributedDataParallel', find_unused_parameters=True)

optim_wrapper = dict(
    optimizer=dict(type='Adam', lr=1e-3, betas=(0.9, 0.999),
                   weight_decay=1e-5))
train_cfg = dict(type='EpochBasedTrainLoop', max_epochs=200, val_interval=10)
param_scheduler = [
    dict(type='MultiStepLR', begin=0, end=200, by_epoch=True,
         milestones=[120, 160], gamma=0.1)
]
auto_scale_lr = dict(enable=False, base_batch_size=64)
