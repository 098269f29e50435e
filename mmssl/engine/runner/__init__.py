from .retrieval_loop import RetrievalTestLoop
from .safe_runner import SafeRunner

__all__ = ['RetrievalTestLoop', 'SafeRunner']
