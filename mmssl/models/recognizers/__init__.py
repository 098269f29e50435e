from .clip_pair_recognizer import ClipPairRecognizer
from .transfer_recognizer import TransferRecognizer3D, freeze_module

__all__ = ['ClipPairRecognizer', 'TransferRecognizer3D', 'freeze_module']
