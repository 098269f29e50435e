from .checkpoint import (BackboneLoadReport, CheckpointKeyError,
                         load_backbone_checkpoint, read_state_dict)

__all__ = [
    'BackboneLoadReport', 'CheckpointKeyError', 'load_backbone_checkpoint',
    'read_state_dict'
]
