from .batch_shuffle import (batch_shuffle_ddp, batch_unshuffle_ddp,
                            encode_in_sub_batches, encode_shuffled)
from .checkpoint import (BackboneLoadReport, CheckpointKeyError,
                         check_state_dict_fits, load_backbone_checkpoint,
                         load_model_checkpoint, read_state_dict)
from .clip_encoding import (check_multi_clip, encode_clips, fold_clips,
                            unfold_clips)
from .distributed import gather_with_grad
from .momentum_encoder import MomentumEncoder
from .negative_queue import NegativeQueue
from .view_routing import encode_views, view_labels_of

__all__ = [
    'BackboneLoadReport', 'CheckpointKeyError', 'MomentumEncoder',
    'NegativeQueue', 'batch_shuffle_ddp', 'batch_unshuffle_ddp',
    'check_multi_clip', 'check_state_dict_fits', 'encode_clips',
    'encode_in_sub_batches', 'encode_shuffled', 'fold_clips',
    'gather_with_grad', 'load_backbone_checkpoint', 'load_model_checkpoint',
    'read_state_dict', 'unfold_clips', 'encode_views', 'view_labels_of'
]
