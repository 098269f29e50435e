from .retrieval_loop import RetrievalTestLoop

__all__ = ['RetrievalTestLoop']
