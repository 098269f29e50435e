from . import transforms  # noqa: F401
from .robust_dataset import (RobustRawframeDataset,  # noqa: F401
                             RobustVideoDataset)
from .mhmdb51 import (MOTION_TYPES, build_mhmdb51,  # noqa: F401
                      load_mhmdb51_mapping)
from .toy import generate_toy_dataset  # noqa: F401
