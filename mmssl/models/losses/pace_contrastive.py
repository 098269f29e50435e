"""The two contrastive losses of Pace Prediction (supplement, Algorithms 1-2).

Both take unit embeddings and score a pair by ``s_ij = z_i . z_j / tau``
(the cosine over a temperature; the supplement writes the bare dot
product). Every anchor's denominator runs over all other embeddings of the
batch, never over the anchor itself.

- **Same video context** (:func:`same_context_contrastive_loss`): two clips
  of each video, at two different paces, are a positive pair; NT-Xent over
  the 2N clips.
- **Same pace** (:func:`same_pace_contrastive_loss`): one clip per video;
  clips of the same pace are positives of each other (a supervised
  contrastive loss whose labels are the paces).

Gathering embeddings across processes is the caller's part: both functions
see the batch they are given as the whole batch.
"""
import torch

from mmssl.registry import MODELS

from .temperature_loss import TemperatureLoss


def _working_dtype(tensor: torch.Tensor) -> torch.dtype:
    """float32 for half-precision input, else the input's dtype."""
    return torch.promote_types(tensor.dtype, torch.float32)


def _masked_logits(z: torch.Tensor, temperature: float) -> torch.Tensor:
    """``z z^T / temperature`` with ``-inf`` on the diagonal.

    Args:
        z (torch.Tensor): (M, D).

    Returns:
        torch.Tensor: (M, M) in the working dtype.
    """
    z = z.to(_working_dtype(z))
    logits = z @ z.t() / temperature
    self_pairs = torch.eye(len(z), dtype=torch.bool, device=z.device)
    return logits.masked_fill(self_pairs, float('-inf'))


def _check_embeddings(name: str, z: torch.Tensor) -> None:
    if z.ndim != 2:
        raise ValueError(f'{name} must be (N, D), got shape {tuple(z.shape)}')


def same_context_contrastive_loss(z: torch.Tensor, z_prime: torch.Tensor,
                                  temperature: float) -> torch.Tensor:
    """NT-Xent over two clips per video (supplement, Algorithm 1).

    With the 2N embeddings ``e = [z; z_prime]``, the positive of anchor
    ``a`` is its pair (``a + N`` or ``a - N``) and the loss is the mean
    over the 2N anchors of::

        -log(exp(s_a,pos) / sum_{b != a} exp(s_ab))

    Args:
        z (torch.Tensor): (N, D) unit vectors, row i a clip of video i.
        z_prime (torch.Tensor): (N, D) unit vectors, row i the other clip of
            video i.
        temperature (float): tau in ``s_ab = e_a . e_b / tau``.

    Returns:
        torch.Tensor: Scalar loss, float32 for half-precision input.
    """
    _check_embeddings('z', z)
    if z_prime.shape != z.shape:
        raise ValueError('z and z_prime must have the same shape, got '
                         f'{tuple(z.shape)} and {tuple(z_prime.shape)}')
    num = len(z)
    logits = _masked_logits(torch.cat([z, z_prime]), temperature)
    anchors = torch.arange(2 * num, device=z.device)
    positives = (anchors + num) % (2 * num)
    log_denominator = torch.logsumexp(logits, dim=1)
    return (log_denominator - logits[anchors, positives]).mean()


def same_pace_contrastive_loss(z: torch.Tensor, pace_labels: torch.Tensor,
                               temperature: float) -> torch.Tensor:
    """Clips of the same pace attract each other (supplement, Algorithm 2).

    The positives of anchor i are ``P(i) = {j != i : label_j = label_i}``;
    the loss is the mean over all positive pairs (i, j) of::

        -log(exp(s_ij) / sum_{k != i} exp(s_ik))

    Anchors without positives add nothing, and a batch without any positive
    pair gives 0 (still attached to the graph of ``z``, with zero gradient).

    Args:
        z (torch.Tensor): (N, D) unit vectors, one clip per video.
        pace_labels (torch.Tensor): (N,) int, the pace class of each clip.
        temperature (float): tau in ``s_ij = z_i . z_j / tau``.

    Returns:
        torch.Tensor: Scalar loss, float32 for half-precision input.
    """
    _check_embeddings('z', z)
    if pace_labels.shape != (len(z), ):
        raise ValueError(f'pace_labels must be ({len(z)},), got shape '
                         f'{tuple(pace_labels.shape)}')
    same_pace = pace_labels[:, None] == pace_labels[None, :]
    same_pace.fill_diagonal_(False)
    has_positive = same_pace.any(dim=1)
    logits = _masked_logits(z, temperature)[has_positive]
    positive_pairs = same_pace[has_positive]
    log_prob = logits - torch.logsumexp(logits, dim=1, keepdim=True)
    num_pairs = positive_pairs.sum().clamp(min=1)
    return (-log_prob).masked_select(positive_pairs).sum() / num_pairs


@MODELS.register_module()
class SameContextContrastiveLoss(TemperatureLoss):
    """Module form of :func:`same_context_contrastive_loss`.

    Args:
        temperature (float): tau. Defaults to 0.07, as
            :class:`InfoNCELoss`; the supplement's bare dot product is
            ``temperature=1``.
        loss_weight (float): Factor on the loss (lambda_ctr). Defaults to
            1.0.
    """

    def __init__(self,
                 temperature: float = 0.07,
                 loss_weight: float = 1.0) -> None:
        super().__init__(temperature, loss_weight)

    def _forward(self, z: torch.Tensor,
                 z_prime: torch.Tensor) -> torch.Tensor:
        """Args: z (N, D), z_prime (N, D) unit vectors."""
        return same_context_contrastive_loss(z, z_prime, self.temperature)


@MODELS.register_module()
class SamePaceContrastiveLoss(TemperatureLoss):
    """Module form of :func:`same_pace_contrastive_loss`.

    Args:
        temperature (float): tau. Defaults to 0.07, as
            :class:`InfoNCELoss`; the supplement's bare dot product is
            ``temperature=1``.
        loss_weight (float): Factor on the loss (lambda_ctr). Defaults to
            1.0.
    """

    def __init__(self,
                 temperature: float = 0.07,
                 loss_weight: float = 1.0) -> None:
        super().__init__(temperature, loss_weight)

    def _forward(self, z: torch.Tensor,
                 pace_labels: torch.Tensor) -> torch.Tensor:
        """Args: z (N, D) unit vectors, pace_labels (N,) int."""
        return same_pace_contrastive_loss(z, pace_labels, self.temperature)
