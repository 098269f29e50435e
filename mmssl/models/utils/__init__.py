from .checkpoint import (BackboneLoadReport, CheckpointKeyError,
                         check_state_dict_fits, load_backbone_checkpoint,
                         load_model_checkpoint, read_state_dict)

__all__ = [
    'BackboneLoadReport', 'CheckpointKeyError', 'check_state_dict_fits',
    'load_backbone_checkpoint', 'load_model_checkpoint', 'read_state_dict'
]
