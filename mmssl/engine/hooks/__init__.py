from .non_finite_loss_hook import NonFiniteLossHook
from .prototype_hooks import FreezePrototypesHook, PrototypeNormHook

__all__ = ['FreezePrototypesHook', 'NonFiniteLossHook', 'PrototypeNormHook']
