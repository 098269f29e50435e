from .c3d_vcop import C3DVCOP
from .resnet2plus1d_vcop import FactorizedConv3d, ResNet2Plus1dVCOP
from .resnet3d_hara import ResNet3dHara

__all__ = ['C3DVCOP', 'FactorizedConv3d', 'ResNet2Plus1dVCOP', 'ResNet3dHara']
