"""Overhead of a Static and Dynamic Concepts training step over the bare
backbone passes.

One step of ``StaticDynamicConcepts`` with the shared encoder (the six views
v1 v2 s1 s2 d1 d2 of B videos through the backbone, one call per view kind;
concept codes, Sinkhorn targets against the code queues, decoders, the
cross-view contrast with in-batch negatives, local concept alignment
(active), all losses, backward, Adam step) is timed against what any method
on these six views must do: the backbone's forward and backward on the same
clips, one call per view kind, and an Adam step of the backbone. The two are
timed alternately in one run and the ratio of the median times is printed
(and that of the minima, less sensitive to other processes on a shared
machine); the target is <= 1.2.

Example::

    python tools/benchmarks/concepts_step.py --batch-size 4 --clip-len 8 \
        --size 56
"""
import argparse

import torch
from mmaction.structures import ActionDataSample
from mmengine.logging import MessageHub

from mmssl.models.utils import encode_views
from mmssl.registry import MODELS
from mmssl.testing.step_timing import (add_step_arguments, resnet3d_backbone,
                                       time_alternately)
from mmssl.utils import register_all_modules

VIEW_LABELS = [0, 0, 1, 1, 2, 2]


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--batch-size', type=int, default=4,
                        help='videos per batch (B), six clips each')
    parser.add_argument('--concepts', type=int, default=50,
                        help='K_s = K_d')
    parser.add_argument('--queue-size', type=int, default=1024,
                        help='past codes per view kind (code queues)')
    add_step_arguments(parser)
    return parser.parse_args(argv)


def build_model(args):
    backbone = resnet3d_backbone(
        args,
        conv1_stride_t=1,
        with_pool1=False,
        with_pool2=False,
        inflate=(1, 1, 1, 1),
        spatial_strides=(1, 2, 2, 2),
        temporal_strides=(1, 2, 2, 2))
    channels = MODELS.build(backbone).feat_dim
    return MODELS.build(
        dict(
            type='StaticDynamicConcepts',
            backbone=backbone,
            concept_head=dict(
                type='ConceptHead', in_channels=channels,
                num_static=args.concepts, num_dynamic=args.concepts),
            local_attention=dict(
                type='LocalConceptAttention', in_channels=channels,
                embed_dims=channels),
            contrast_head=dict(
                type='CrossViewContrastHead', in_channels=channels),
            top_k=min(5, args.concepts),
            loc_start_epoch=0,
            code_queue_size=args.queue_size,
            queue_start_epoch=0))


def main(argv=None):
    args = parse_args(argv)
    if args.threads:
        torch.set_num_threads(args.threads)
    register_all_modules()
    MessageHub.get_current_instance().update_info('epoch', 1)
    torch.manual_seed(0)
    model = build_model(args).to(args.device).train()
    model.init_weights()
    inputs = torch.randn(args.batch_size, len(VIEW_LABELS), 3, args.clip_len,
                         args.size, args.size, device=args.device)
    view_labels = torch.tensor(VIEW_LABELS)
    samples = [
        ActionDataSample(view_labels=view_labels)
        for _ in range(args.batch_size)
    ]
    model_optim = torch.optim.Adam(model.parameters(), lr=1e-3)
    backbone_optim = torch.optim.Adam(model.backbone.parameters(), lr=1e-3)

    def concepts_step():
        model_optim.zero_grad()
        losses = model(inputs, samples, mode='loss')
        loss, _ = model.parse_losses(losses)
        loss.backward()
        model_optim.step()

    def backbone_step():
        backbone_optim.zero_grad()
        encode_views(model.backbone, inputs, view_labels).mean().backward()
        backbone_optim.step()

    steps = dict(concepts=concepts_step, backbone=backbone_step)
    stats = time_alternately(steps, args.warmup, args.iters, args.device)
    median = {name: stat['median'] for name, stat in stats.items()}
    fastest = {name: stat['min'] for name, stat in stats.items()}
    print(f'R3D-{args.depth} (base {args.base_channels}), B={args.batch_size}'
          f' (6 views each), clips {args.clip_len}x{args.size}x{args.size}, '
          f'K_s = K_d = {args.concepts}, code queues {args.queue_size}, '
          f'{args.device}, {args.iters} timed steps each')
    for name in steps:
        print(f'{name:>10}: median {median[name] * 1e3:9.1f} ms/step, '
              f'min {fastest[name] * 1e3:9.1f} ms/step')
    print(f'ratio concepts / backbone: '
          f'{median["concepts"] / median["backbone"]:.3f} (target <= 1.2), '
          f'of the minima {fastest["concepts"] / fastest["backbone"]:.3f}')


if __name__ == '__main__':
    main()
