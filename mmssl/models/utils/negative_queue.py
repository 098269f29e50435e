"""First-in first-out queue of negative keys (MoCo), shared by all processes.
"""
import torch
import torch.nn as nn
import torch.nn.functional as F
from mmengine.dist import all_gather

from mmssl.errors import ConfigValueError


class NegativeQueue(nn.Module):
    """The last ``size`` keys of all processes, as a buffer.

    It starts as random unit vectors. :meth:`enqueue` gathers the keys of
    every process (in rank order), writes them over the oldest entries and
    moves the pointer, wrapping around at the end, so every process holds
    the same queue. At the first enqueue the queue is trimmed to a multiple
    of the global batch (the number of gathered keys), so that later batches
    of that size fill it in whole blocks; loading a state dict adopts the
    stored length.

    Args:
        size (int): Number of keys K, e.g. 16384.
        dim (int): Key dimension D.
    """

    def __init__(self, size: int, dim: int) -> None:
        super().__init__()
        if size < 1 or dim < 1:
            raise ConfigValueError(
                f'NegativeQueue: size={size!r} and dim={dim!r} must be >= 1')
        self.register_buffer('keys',
                             F.normalize(torch.randn(size, dim), dim=1))
        self.register_buffer('ptr', torch.zeros((), dtype=torch.long))
        self.trimmed = False

    def __len__(self) -> int:
        return self.keys.shape[0]

    def negatives(self) -> torch.Tensor:
        """A copy of the keys (K, D), safe to use in a loss before the
        queue is updated in place."""
        return self.keys.clone()

    @torch.no_grad()
    def enqueue(self, keys: torch.Tensor) -> None:
        """Replace the oldest entries with the keys of all processes.

        Args:
            keys (torch.Tensor): This process's keys (M, D); every process
                passes the same M.
        """
        gathered = torch.cat(all_gather(keys.detach().contiguous()))
        if not self.trimmed:
            self._trim(len(gathered))
        gathered = gathered[-len(self):]
        slots = (self.ptr + torch.arange(
            len(gathered), device=self.keys.device)) % len(self)
        self.keys[slots] = gathered.to(self.keys.dtype)
        self.ptr.copy_((self.ptr + len(gathered)) % len(self))

    def _trim(self, global_batch: int) -> None:
        size = max(len(self) - len(self) % global_batch, global_batch)
        if size < len(self):
            self.keys = self.keys[:size].clone()
        self.trimmed = True

    def _load_from_state_dict(self, state_dict, prefix, *args, **kwargs):
        stored = state_dict.get(prefix + 'keys')
        if stored is not None and stored.shape != self.keys.shape:
            self.keys = self.keys.new_empty(stored.shape)
        self.trimmed = stored is not None
        super()._load_from_state_dict(state_dict, prefix, *args, **kwargs)

    def extra_repr(self) -> str:
        return f'size={len(self)}, dim={self.keys.shape[1]}'
