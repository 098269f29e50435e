# RSPNet with the authors' "ResNet-18" (Hara et al.'s 3D ResNet-18,
# ResNet3dHara), pre-trained on Kinetics-400: the architecture of their
# released model_best_resnet18_200epoch.pth.tar, which
# tools/model_converters/rspnet_to_mmssl.py converts for this backbone.
_base_ = ['../_base_/models/r3d18_hara.py', './_base_/rspnet_k400.py']

model = dict(backbone={{_base_.backbone}})
