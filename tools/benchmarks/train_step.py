"""Overhead of a TransRank training step over the bare backbone.

One TransRank step (multi-clip reshape, backbone, pooling, ranking head and
loss, backward, SGD step on B videos of M clips) is timed against a plain
backbone step on the same B*M clips with a trivial loss (the mean of the
feature map). The two are timed alternately in one run and the ratio of the
median times is printed (and that of the minima, less sensitive to other
processes on a shared machine); the target is <= 1.15.

The backbone is MMAction2's ``ResNet3d`` (depth 18 by default, with its stem
max-pool), so the default run takes about a minute on CPU. A cheaper
backbone makes the ratio conservative: the head and loss cost the same on
any backbone.

Example::

    python tools/benchmarks/train_step.py --batch-size 2 --clips 4 \
        --clip-len 8 --size 56
"""
import argparse

import torch
from mmaction.structures import ActionDataSample

from mmssl.registry import MODELS
from mmssl.testing.step_timing import (add_step_arguments, resnet3d_backbone,
                                       time_alternately)
from mmssl.utils import register_all_modules


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--batch-size', type=int, default=2,
                        help='videos per batch (B)')
    parser.add_argument('--clips', type=int, default=4,
                        help='clips per video (M), one per transformation')
    add_step_arguments(parser)
    return parser.parse_args(argv)


def build_model(args):
    backbone = resnet3d_backbone(args)
    feat_dim = MODELS.build(backbone).feat_dim
    return MODELS.build(
        dict(
            type='TransformationRecognizer',
            backbone=backbone,
            heads=dict(
                temporal=dict(
                    type='TransformationHead',
                    label_key='temporal_labels',
                    num_classes=args.clips,
                    in_channels=feat_dim))))


def make_batch(args):
    """Inputs (B, M, 3, T, H, W) and B samples with permuted labels."""
    inputs = torch.randn(args.batch_size, args.clips, 3, args.clip_len,
                         args.size, args.size, device=args.device)
    samples = [
        ActionDataSample(temporal_labels=torch.randperm(args.clips))
        for _ in range(args.batch_size)
    ]
    return inputs, samples


def main(argv=None):
    args = parse_args(argv)
    if args.threads:
        torch.set_num_threads(args.threads)
    register_all_modules()
    torch.manual_seed(0)
    model = build_model(args).to(args.device).train()
    inputs, samples = make_batch(args)
    clips = inputs.flatten(0, 1)
    model_optim = torch.optim.SGD(model.parameters(), lr=1e-3, momentum=0.9)
    backbone_optim = torch.optim.SGD(
        model.backbone.parameters(), lr=1e-3, momentum=0.9)

    def transrank_step():
        model_optim.zero_grad()
        losses = model(inputs, samples, mode='loss')
        loss, _ = model.parse_losses(losses)
        loss.backward()
        model_optim.step()

    def backbone_step():
        backbone_optim.zero_grad()
        model.backbone(clips).mean().backward()
        backbone_optim.step()

    steps = dict(transrank=transrank_step, backbone=backbone_step)
    stats = time_alternately(steps, args.warmup, args.iters, args.device)
    median = {name: stat['median'] for name, stat in stats.items()}
    fastest = {name: stat['min'] for name, stat in stats.items()}
    print(f'R3D-{args.depth} (base {args.base_channels}), B={args.batch_size}'
          f', M={args.clips}, clips {args.clip_len}x{args.size}x{args.size}'
          f', {args.device}, {args.iters} timed steps each')
    for name in steps:
        print(f'{name:>10}: median {median[name] * 1e3:9.1f} ms/step, '
              f'min {fastest[name] * 1e3:9.1f} ms/step')
    print(f'ratio transrank / backbone: '
          f'{median["transrank"] / median["backbone"]:.3f} (target <= 1.15), '
          f'of the minima {fastest["transrank"] / fastest["backbone"]:.3f}')


if __name__ == '__main__':
    main()
