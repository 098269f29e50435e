"""The source architectures of the converters, written from their
definitions (module names, kernels, strides, widths), to make checkpoints
with the real key layouts and to compute the features that the converted
mmssl backbones must reproduce.

Each ``features(x)`` maps (N, 3, T, H, W) to the last feature map.
"""
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.nn.modules.batchnorm import _BatchNorm
from torch.nn.modules.utils import _triple

WIDTHS = (64, 128, 256, 512)


class HaraBlock(nn.Module):
    """Basic block of Hara et al.'s 3D ResNet with shortcut B."""

    def __init__(self, in_channels, out_channels, stride):
        super().__init__()
        self.conv1 = nn.Conv3d(in_channels,
                               out_channels,
                               3,
                               stride,
                               1,
                               bias=False)
        self.bn1 = nn.BatchNorm3d(out_channels)
        self.conv2 = nn.Conv3d(out_channels, out_channels, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm3d(out_channels)
        self.downsample = None
        if stride != 1 or in_channels != out_channels:
            self.downsample = nn.Sequential(
                nn.Conv3d(in_channels, out_channels, 1, stride, bias=False),
                nn.BatchNorm3d(out_channels))

    def forward(self, x):
        out = self.bn2(self.conv2(F.relu(self.bn1(self.conv1(x)))))
        shortcut = x if self.downsample is None else self.downsample(x)
        return F.relu(out + shortcut)


class HaraResNet18(nn.Module):
    """RSPNet's "resnet18": 7x7x7 stem, 3x3x3 max pool, blocks [2, 2, 2, 2],
    a 1-way ``fc``."""

    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv3d(3, 64, 7, (1, 2, 2), 3, bias=False)
        self.bn1 = nn.BatchNorm3d(64)
        self.maxpool = nn.MaxPool3d(3, 2, 1)
        in_channels = 64
        for index, (width, stride) in enumerate(zip(WIDTHS, (1, 2, 2, 2))):
            setattr(
                self, f'layer{index + 1}',
                nn.Sequential(HaraBlock(in_channels, width, stride),
                              HaraBlock(width, width, 1)))
            in_channels = width
        self.fc = nn.Linear(512, 1)

    def features(self, x):
        x = self.maxpool(F.relu(self.bn1(self.conv1(x))))
        for index in range(1, 5):
            x = getattr(self, f'layer{index}')(x)
        return x


class VCOPC3D(nn.Module):
    """VCOP's C3D: conv1, bn1, ..., conv5b, bn5b (convs with bias), a
    classifier ``linear``."""
    LAYERS = (('1', 64, (1, 2, 2)), ('2', 128, (2, 2, 2)), ('3a', 256, None),
              ('3b', 256, (2, 2, 2)), ('4a', 512, None),
              ('4b', 512, (2, 2, 2)), ('5a', 512, None), ('5b', 512, None))

    def __init__(self, num_classes=4):
        super().__init__()
        in_channels = 3
        for name, width, _ in self.LAYERS:
            setattr(self, f'conv{name}',
                    nn.Conv3d(in_channels, width, 3, padding=1))
            setattr(self, f'bn{name}', nn.BatchNorm3d(width))
            in_channels = width
        self.linear = nn.Linear(512, num_classes)

    def features(self, x):
        for name, _, pool in self.LAYERS:
            x = F.relu(
                getattr(self, f'bn{name}')(getattr(self, f'conv{name}')(x)))
            if pool is not None:
                x = F.max_pool3d(x, pool, pool)
        return x


class FactorizedConv(nn.Module):
    """VCOP's (2+1)D convolution: spatial_conv, bn, ReLU, temporal_conv."""

    def __init__(self, in_channels, out_channels, kernel, stride=1, padding=0):
        super().__init__()
        (t, h, w), stride, padding = (_triple(kernel), _triple(stride),
                                      _triple(padding))
        mid = (t * h * w * in_channels *
               out_channels) // (h * w * in_channels + t * out_channels)
        self.spatial_conv = nn.Conv3d(in_channels,
                                      mid, (1, h, w), (1, ) + stride[1:],
                                      (0, ) + padding[1:],
                                      bias=False)
        self.bn = nn.BatchNorm3d(mid)
        self.temporal_conv = nn.Conv3d(mid,
                                       out_channels, (t, 1, 1),
                                       (stride[0], 1, 1), (padding[0], 0, 0),
                                       bias=False)

    def forward(self, x):
        return self.temporal_conv(F.relu(self.bn(self.spatial_conv(x))))


class PlainConv(nn.Module):
    """VCOP's R3D convolution, one ``temporal_spatial_conv``."""

    def __init__(self, in_channels, out_channels, kernel, stride=1, padding=0):
        super().__init__()
        self.temporal_spatial_conv = nn.Conv3d(in_channels,
                                               out_channels,
                                               kernel,
                                               stride,
                                               padding,
                                               bias=False)

    def forward(self, x):
        return self.temporal_spatial_conv(x)


class VCOPBlock(nn.Module):

    def __init__(self, conv, in_channels, out_channels, downsample):
        super().__init__()
        stride = 2 if downsample else 1
        self.downsample = downsample
        if downsample:
            self.downsampleconv = conv(in_channels, out_channels, 1, stride=2)
            self.downsamplebn = nn.BatchNorm3d(out_channels)
        self.conv1 = conv(in_channels, out_channels, 3, stride, 1)
        self.bn1 = nn.BatchNorm3d(out_channels)
        self.conv2 = conv(out_channels, out_channels, 3, 1, 1)
        self.bn2 = nn.BatchNorm3d(out_channels)

    def forward(self, x):
        out = self.bn2(self.conv2(F.relu(self.bn1(self.conv1(x)))))
        if self.downsample:
            x = self.downsamplebn(self.downsampleconv(x))
        return F.relu(x + out)


class VCOPStage(nn.Module):

    def __init__(self, conv, in_channels, out_channels, blocks, downsample):
        super().__init__()
        self.block1 = VCOPBlock(conv, in_channels, out_channels, downsample)
        self.blocks = nn.ModuleList(
            VCOPBlock(conv, out_channels, out_channels, False)
            for _ in range(blocks - 1))

    def forward(self, x):
        x = self.block1(x)
        for block in self.blocks:
            x = block(x)
        return x


class VCOPResNet(nn.Module):
    """VCOP's R3D (``conv=PlainConv``) or R(2+1)D (``FactorizedConv``):
    stem conv1 3x7x7 / bn1, stages conv2..conv5, a classifier ``linear``."""

    def __init__(self, conv, layer_sizes=(1, 1, 1, 1), num_classes=4):
        super().__init__()
        self.conv1 = conv(3, 64, (3, 7, 7), (1, 2, 2), (1, 3, 3))
        self.bn1 = nn.BatchNorm3d(64)
        in_channels = 64
        for index, (width, blocks) in enumerate(zip(WIDTHS, layer_sizes)):
            setattr(self, f'conv{index + 2}',
                    VCOPStage(conv, in_channels, width, blocks, index > 0))
            in_channels = width
        self.linear = nn.Linear(512, num_classes)

    def features(self, x):
        x = F.relu(self.bn1(self.conv1(x)))
        for index in range(2, 6):
            x = getattr(self, f'conv{index}')(x)
        return x


def randomize(model, seed=0):
    """Random weights and BN statistics, eval mode: every tensor matters."""
    generator = torch.Generator().manual_seed(seed)
    for module in model.modules():
        for name, param in module.named_parameters(recurse=False):
            fan_in = param[0].numel() if param.ndim > 1 else 1
            param.data = torch.randn(param.shape,
                                     generator=generator) / (fan_in**0.5)
        if isinstance(module, _BatchNorm):
            module.weight.data = 0.5 + torch.rand(module.num_features,
                                                  generator=generator)
            module.running_mean = 0.1 * torch.randn(module.num_features,
                                                    generator=generator)
            module.running_var = 0.5 + torch.rand(module.num_features,
                                                  generator=generator)
    model.eval()
    return model
