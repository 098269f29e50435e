from .retrieval import fused_similarity, knn_search, retrieval_recall

__all__ = ['fused_similarity', 'knn_search', 'retrieval_recall']
