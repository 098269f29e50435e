from .retrieval_loop import RetrievalTestLoop
from .retrieval_val_loop import RetrievalValLoop
from .safe_runner import SafeRunner

__all__ = ['RetrievalTestLoop', 'RetrievalValLoop', 'SafeRunner']
