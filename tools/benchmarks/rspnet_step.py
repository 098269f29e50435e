"""Overhead of an RSPNet training step over the bare backbone passes.

One RSPNet step (momentum update of the key encoder, key clips through it
in sub-batches, query clip through the backbone, two projection heads, RSP
and A-VID losses against a 16384-key queue, enqueue, backward, SGD step on
B videos) is timed against what any method with these clips must do: the
backbone's forward and backward on the B query clips plus its forward on
the 2B key clips, and an SGD step. The two are timed alternately in one run
and the ratio of the median times is printed (and that of the minima, less
sensitive to other processes on a shared machine); the target is <= 1.15.

The backbone is MMAction2's ``ResNet3d`` (depth 18 by default); a cheaper
backbone makes the ratio conservative, since the momentum update, heads and
queue cost the same on any input size.

Example::

    python tools/benchmarks/rspnet_step.py --batch-size 4 --clip-len 8 \
        --size 56
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
    parser.add_argument('--batch-size', type=int, default=4,
                        help='videos per batch (B)')
    parser.add_argument('--queue-size', type=int, default=16384,
                        help='keys in the A-VID queue')
    add_step_arguments(parser)
    return parser.parse_args(argv)


def build_model(args):
    backbone = resnet3d_backbone(args)
    feat_dim = MODELS.build(backbone).feat_dim
    projection = dict(
        type='ProjectionNeck', in_channels=feat_dim, out_channels=128)
    return MODELS.build(
        dict(
            type='RSPNet',
            backbone=backbone,
            heads=dict(
                rsp=dict(type='RelativeSpeedHead', projection=projection),
                avid=dict(
                    type='InstanceContrastHead',
                    projection=projection,
                    queue_size=args.queue_size))))


def make_batch(args):
    """Inputs (B, 3, 3, T, H, W): query, positive and negative key, the
    query at 1x for half of the videos and at 2x for the others."""
    inputs = torch.randn(args.batch_size, 3, 3, args.clip_len, args.size,
                         args.size, device=args.device)
    rates = ([1.0, 1.0, 2.0], [2.0, 2.0, 1.0])
    samples = [
        ActionDataSample(playback_rates=torch.tensor(rates[index % 2]))
        for index in range(args.batch_size)
    ]
    return inputs, samples


def main(argv=None):
    args = parse_args(argv)
    if args.threads:
        torch.set_num_threads(args.threads)
    register_all_modules()
    torch.manual_seed(0)
    model = build_model(args).to(args.device).train()
    model.init_weights()
    inputs, samples = make_batch(args)
    queries = inputs[:, 0]
    keys = inputs[:, 1:].flatten(0, 1)
    model_optim = torch.optim.SGD(model.parameters(), lr=1e-3, momentum=0.9)
    backbone_optim = torch.optim.SGD(
        model.backbone.parameters(), lr=1e-3, momentum=0.9)

    def rspnet_step():
        model_optim.zero_grad()
        losses = model(inputs, samples, mode='loss')
        loss, _ = model.parse_losses(losses)
        loss.backward()
        model_optim.step()

    def backbone_step():
        backbone_optim.zero_grad()
        with torch.no_grad():
            model.backbone(keys)
        model.backbone(queries).mean().backward()
        backbone_optim.step()

    steps = dict(rspnet=rspnet_step, backbone=backbone_step)
    stats = time_alternately(steps, args.warmup, args.iters, args.device)
    median = {name: stat['median'] for name, stat in stats.items()}
    fastest = {name: stat['min'] for name, stat in stats.items()}
    print(f'R3D-{args.depth} (base {args.base_channels}), B={args.batch_size}'
          f' (1 query + 2 key clips each), clips {args.clip_len}x{args.size}'
          f'x{args.size}, queue {args.queue_size}, {args.device}, '
          f'{args.iters} timed steps each')
    for name in steps:
        print(f'{name:>10}: median {median[name] * 1e3:9.1f} ms/step, '
              f'min {fastest[name] * 1e3:9.1f} ms/step')
    print(f'ratio rspnet / backbone: '
          f'{median["rspnet"] / median["backbone"]:.3f} (target <= 1.15), '
          f'of the minima {fastest["rspnet"] / fastest["backbone"]:.3f}')


if __name__ == '__main__':
    main()
