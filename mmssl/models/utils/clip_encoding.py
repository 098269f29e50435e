"""Encoding of chosen clips of a multi-clip batch.

Multi-clip inputs hold ``N`` clips per video, (B, N, C, T, H, W). Encoders
see single clips, so the chosen ``n`` clips are folded into the batch axis,
(B*n, C, T, H, W), encoded, and the output is unfolded to (B, n, ...), grouped
by video again. Every algorithm and the feature extractor go through
:func:`encode_clips`.
"""
from typing import Callable, Optional, Sequence

import torch


def check_multi_clip(inputs: torch.Tensor, owner: str) -> None:
    """Raise ``ValueError`` unless ``inputs`` is (B, N, C, T, H, W)."""
    if inputs.ndim != 6:
        raise ValueError(
            f'{owner} expects inputs (B, N, C, T, H, W), got shape '
            f'{tuple(inputs.shape)}; pack N clips per video and use '
            'format_shape="NCTHW"')


def fold_clips(inputs: torch.Tensor,
               clips: Optional[Sequence[int]] = None) -> torch.Tensor:
    """Clips ``clips`` of every video, video-major along one batch axis.

    Args:
        inputs (torch.Tensor): (B, N, ...).
        clips (Sequence[int], optional): Indices into N, in output order;
            None for all clips.

    Returns:
        torch.Tensor: (B*n, ...): row ``b * n + i`` is clip ``clips[i]`` of
        video ``b``.
    """
    if clips is not None:
        inputs = inputs[:, list(clips)]
    return inputs.flatten(0, 1)


def unfold_clips(feats: torch.Tensor, batch_size: int) -> torch.Tensor:
    """Inverse of :func:`fold_clips`: (B*n, ...) to (B, n, ...)."""
    return feats.unflatten(0, (batch_size, -1))


def encode_clips(encoder: Callable[[torch.Tensor], torch.Tensor],
                 inputs: torch.Tensor,
                 clips: Optional[Sequence[int]] = None) -> torch.Tensor:
    """Run ``encoder`` on clips ``clips`` of every video in one call.

    Args:
        encoder (Callable): Maps clips (M, C, T, H, W) to one tensor
            (M, ...), e.g. a backbone.
        inputs (torch.Tensor): (B, N, C, T, H, W).
        clips (Sequence[int], optional): Clip indices; None for all N.

    Returns:
        torch.Tensor: (B, n, ...), e.g. (B, n, C', t, h, w) feature maps.
    """
    return unfold_clips(encoder(fold_clips(inputs, clips)), inputs.shape[0])
