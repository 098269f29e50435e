from .formatting import PackMultiClipInputs  # noqa: F401
from .spatial import (MultiClipColorJitter, MultiClipFlip,  # noqa: F401
                      MultiClipGaussianBlur, MultiClipRandomGrayscale,
                      MultiClipRandomResizedCrop, MultiClipRotation)
from .views import FrameDiffView, StaticView  # noqa: F401
from .decoding import (DecordDecodeOnce, DecordOpen,  # noqa: F401
                       RawFrameDecodeOnce, VideoDecodeError)
from .temporal import (Assignment, ClipAssignment,  # noqa: F401
                       DistinctRandom, MultiClipSampler, Periodic,
                       RandomReverse, RelativeSpeed, Reverse, Speed,
                       TemporalTransform, Warp, build_clip_assignment)
from .downstream_sampling import (SyncPairSampler,  # noqa: F401
                                  TemporalOrderSampler)
