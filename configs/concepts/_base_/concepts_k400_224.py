# Static and Dynamic Concepts pre-training on Kinetics-400 (concepts_k400.py)
# at 224x224 (appendix Table 4): frames resized to a short side of 256, crops
# of 224, so the encoder map is 512 x 2 x 14 x 14 (196 local tokens per
# clip). Configs inheriting it set model.backbone from
# configs/_base_/models/.
_base_ = ['./concepts_k400.py']

train_pipeline = [
    dict(step, scale=(-1, 256)) if step.type == 'Resize' else
    dict(step, size=224) if step.type == 'MultiClipRandomResizedCrop' else step
    for step in _base_.train_pipeline
]
train_dataloader = dict(dataset=dict(pipeline=train_pipeline))
