from .formatting import PackMultiClipInputs  # noqa: F401
from .spatial import (MultiClipColorJitter, MultiClipFlip,  # noqa: F401
                      MultiClipGaussianBlur, MultiClipRandomGrayscale,
                      MultiClipRandomResizedCrop, MultiClipRotation)
from .views import FrameDiffView, StaticView  # noqa: F401
from .decoding import (DecordDecodeOnce, DecordOpen,  # noqa: F401
                       RawFrameDecodeOnce, VideoDecodeError)
from .temporal import (MultiClipSampler, Periodic, RandomReverse,  # noqa: F401
                       Reverse, Speed, TemporalTransform, Warp)
from .downstream_sampling import (SyncPairSampler,  # noqa: F401
                                  TemporalOrderSampler)
