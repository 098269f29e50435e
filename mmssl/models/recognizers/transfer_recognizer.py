"""Recognizer initialised from a pre-trained backbone, optionally frozen."""
from typing import Optional

import torch.nn as nn
from mmaction.models.recognizers import Recognizer3D

from mmssl.registry import MODELS
from ..utils import load_backbone_checkpoint


def freeze_module(module: nn.Module) -> None:
    """Stop gradients to ``module`` and put it in eval mode.

    In eval mode batch normalisation uses its running statistics without
    updating them, and dropout is off.
    """
    module.requires_grad_(False)
    module.eval()


@MODELS.register_module()
class TransferRecognizer3D(Recognizer3D):
    """MMAction2's ``Recognizer3D`` for transfer from self-supervision.

    Finetuning trains every parameter; the linear probe, Sync and Order keep
    the backbone frozen (``freeze_backbone=True``): its parameters get no
    gradients, so the optimiser leaves them unchanged (weight decay
    included), and :meth:`train` keeps it in eval mode, so its BN running
    statistics stay as loaded. Freezing works for any backbone.

    Args:
        backbone_checkpoint (str, optional): Checkpoint of any mmssl
            pre-training algorithm (or a bare state dict); its
            ``backbone.*`` weights, all of which must fit the backbone,
            replace the backbone's own init in :meth:`init_weights`, which
            the runner calls when training starts (a resumed run then
            restores its own weights). Defaults to None.
        freeze_backbone (bool): Freeze the backbone. Defaults to False.
        kwargs: ``Recognizer3D`` arguments (``backbone``, ``cls_head``,
            ``neck``, ``train_cfg``, ``test_cfg``, ``data_preprocessor``).
    """

    def __init__(self,
                 backbone_checkpoint: Optional[str] = None,
                 freeze_backbone: bool = False,
                 **kwargs) -> None:
        super().__init__(**kwargs)
        self.backbone_checkpoint = backbone_checkpoint
        self.freeze_backbone = freeze_backbone
        if freeze_backbone:
            freeze_module(self.backbone)

    def init_weights(self) -> None:
        """Initialise as configured, then load ``backbone_checkpoint``."""
        super().init_weights()
        if self.backbone_checkpoint is not None:
            load_backbone_checkpoint(
                self.backbone, self.backbone_checkpoint, strict=True)

    def train(self, mode: bool = True) -> 'TransferRecognizer3D':
        """Set the mode of every module; a frozen backbone stays in eval."""
        super().train(mode)
        if self.freeze_backbone:
            self.backbone.eval()
        return self
