"""Nearest-neighbour video retrieval under cosine similarity.

Queries (e.g. the test videos) look up their nearest gallery items (e.g. the
training videos). Several modalities (RGB, RGBDiff, ...) are fused by
averaging their cosine similarity matrices.

Ranking and ties: gallery items are ranked by descending similarity; items
with exactly equal similarity are ranked by ascending gallery index. This is
the order of a stable descending sort of each row of the full similarity
matrix, and it is reproduced exactly while only ``chunk_size`` query rows of
the matrix exist at a time (given the same similarity values: a matrix
product may round differently for differently sized operands, which can
only swap items whose similarities differ in the last bits).
"""
from typing import Dict, Iterator, List, Optional, Sequence, Tuple, Union

import numpy as np
import torch
import torch.nn.functional as F

from mmssl.errors import ConfigValueError

ArrayLike = Union[torch.Tensor, np.ndarray]
Features = Union[ArrayLike, Sequence[ArrayLike]]
Labels = Union[ArrayLike, Sequence[int]]

DEFAULT_TOPK = (1, 5, 10, 20, 50)
#: Similarities per chunk when ``chunk_size`` is None: 2**25, i.e. 128 MiB
#: in float32. Larger chunks make fewer, more efficient matrix products.
CHUNK_ENTRIES = 2**25


def _as_tensor(array: ArrayLike, name: str) -> torch.Tensor:
    if not isinstance(array, (torch.Tensor, np.ndarray)):
        raise TypeError(f'{name}: expected a torch.Tensor or numpy array, '
                        f'got {type(array).__name__}')
    return torch.as_tensor(array)


def _all_finite(tensor: torch.Tensor, block_rows: int = 16384) -> bool:
    """``torch.isfinite(tensor).all()`` with temporaries of bounded size."""
    return all(
        torch.isfinite(block).all() for block in tensor.split(block_rows))


def _modalities(feats: Features, name: str) -> List[torch.Tensor]:
    """The feature arrays of every modality as tensors (num_items, D_m)."""
    sets = list(feats) if isinstance(feats, (list, tuple)) else [feats]
    if not sets:
        raise ValueError(f'{name}: expected at least one modality, got none')
    tensors = []
    for index, array in enumerate(sets):
        tensor = _as_tensor(array, f'{name}[{index}]')
        if tensor.ndim != 2:
            raise ValueError(f'{name}[{index}]: expected features of shape '
                             f'(num_items, dim), got {tuple(tensor.shape)}')
        if not _all_finite(tensor):
            raise ValueError(f'{name}[{index}]: features contain NaN or inf')
        tensors.append(tensor)
    return tensors


def _check_pairing(queries: List[torch.Tensor],
                   gallery: List[torch.Tensor]) -> None:
    if len(queries) != len(gallery):
        raise ValueError(f'query_feats has {len(queries)} modalities but '
                         f'gallery_feats has {len(gallery)}')
    if not len(queries[0]) or not len(gallery[0]):
        raise ValueError(f'retrieval needs at least one query and one '
                         f'gallery item, got {len(queries[0])} queries and '
                         f'{len(gallery[0])} gallery items')
    for index, (query, item) in enumerate(zip(queries, gallery)):
        if query.shape[1] != item.shape[1]:
            raise ValueError(
                f'modality {index}: query features are {query.shape[1]}-d '
                f'but gallery features are {item.shape[1]}-d')
        if len(query) != len(queries[0]) or len(item) != len(gallery[0]):
            raise ValueError(
                f'modality {index}: {len(query)} queries and {len(item)} '
                f'gallery items, expected {len(queries[0])} and '
                f'{len(gallery[0])} as in modality 0')


def _prepare(query_feats: Features, gallery_feats: Features
             ) -> Tuple[List[torch.Tensor], List[torch.Tensor]]:
    """Validated query features and L2-normalised gallery features.

    The gallery moves to the device of the first query features and to the
    computation dtype: float64 when any input is float64, else float32.
    Queries are cast and normalised chunk by chunk in :func:`_iter_topk`,
    so that no second copy of all queries is made.
    """
    queries = _modalities(query_feats, 'query_feats')
    gallery = _modalities(gallery_feats, 'gallery_feats')
    _check_pairing(queries, gallery)
    dtype = torch.float64 if any(
        feats.dtype == torch.float64
        for feats in queries + gallery) else torch.float32
    gallery = [
        F.normalize(item.to(device=queries[0].device, dtype=dtype), dim=1)
        for item in gallery
    ]
    return queries, gallery


def fused_similarity(queries: Sequence[torch.Tensor],
                     gallery: Sequence[torch.Tensor]) -> torch.Tensor:
    """Mean over modalities of the query-gallery similarity matrices.

    Args:
        queries (Sequence[torch.Tensor]): Per modality, L2-normalised query
            features (Q, D_m).
        gallery (Sequence[torch.Tensor]): Per modality, L2-normalised gallery
            features (G, D_m).

    Returns:
        torch.Tensor: Cosine similarities (Q, G).
    """
    similarity = queries[0] @ gallery[0].T
    for query, item in zip(queries[1:], gallery[1:]):
        similarity = similarity + query @ item.T
    return similarity / len(queries)


def _stable_topk(similarity: torch.Tensor,
                 k: int) -> Tuple[torch.Tensor, torch.Tensor]:
    """Top ``k`` of each row by (similarity descending, index ascending).

    ``torch.topk`` sorts the values, but orders equal values arbitrarily and
    picks an arbitrary subset of the items tied at the k-th value. Both can
    only happen in rows where two of the top k + 1 values are equal; those
    rows are ranked again by a stable full sort.
    """
    values, indices = similarity.topk(
        min(k + 1, similarity.shape[1]), dim=1)
    tied_rows = (values[:, 1:] == values[:, :-1]).any(dim=1).nonzero()[:, 0]
    values, indices = values[:, :k], indices[:, :k]
    if len(tied_rows):
        order = similarity[tied_rows].sort(
            dim=1, descending=True, stable=True).indices[:, :k]
        indices[tied_rows] = order
        values[tied_rows] = similarity[tied_rows].gather(1, order)
    return values, indices


def _check_k(k: int, num_gallery: int, name: str) -> None:
    if isinstance(k, bool) or not isinstance(k, (int, np.integer)) \
            or not 1 <= k <= num_gallery:
        raise ConfigValueError(
            f'{name}={k!r} must be an int in [1, {num_gallery}], the number '
            'of gallery items')


def _iter_topk(queries: List[torch.Tensor], gallery: List[torch.Tensor],
               k: int, chunk_size: Optional[int]
               ) -> Iterator[Tuple[slice, torch.Tensor, torch.Tensor]]:
    """Yield (query rows, similarities (c, k), gallery indices (c, k)).

    ``gallery`` is normalised (see :func:`_prepare`), ``queries`` are not.
    """
    if chunk_size is None:
        chunk_size = max(1, CHUNK_ENTRIES // len(gallery[0]))
    if not isinstance(chunk_size, int) or chunk_size < 1:
        raise ValueError(
            f'chunk_size must be a positive int or None, got {chunk_size!r}')
    _check_k(k, len(gallery[0]), 'k')
    for start in range(0, len(queries[0]), chunk_size):
        rows = slice(start, start + chunk_size)
        chunk = [
            F.normalize(query[rows].to(item), dim=1)
            for query, item in zip(queries, gallery)
        ]
        similarity = fused_similarity(chunk, gallery)
        values, indices = _stable_topk(similarity, k)
        yield rows, values, indices


def knn_search(query_feats: Features,
               gallery_feats: Features,
               k: int,
               chunk_size: Optional[int] = None
               ) -> Tuple[torch.Tensor, torch.Tensor]:
    """The ``k`` most similar gallery items of every query.

    Args:
        query_feats (Tensor | ndarray | Sequence): Query features (Q, D), or
            one such array per modality (the modalities' cosine
            similarities are averaged).
        gallery_feats (Tensor | ndarray | Sequence): Gallery features (G, D),
            or one per modality, in the order of ``query_feats``.
        k (int): Number of neighbours, 1 <= k <= G.
        chunk_size (int, optional): Queries scored at a time; the peak
            memory is about ``chunk_size * G`` similarities. None picks
            ``CHUNK_ENTRIES // G`` (at least 1). Defaults to None.

    Returns:
        tuple[torch.Tensor, torch.Tensor]: Similarities (Q, k), descending,
        and gallery indices (Q, k) int64, ranked as described in the module
        docstring. Both live on the device of ``query_feats``.
    """
    queries, gallery = _prepare(query_feats, gallery_feats)
    values, indices = [], []
    for _, chunk_values, chunk_indices in _iter_topk(queries, gallery, k,
                                                     chunk_size):
        values.append(chunk_values)
        indices.append(chunk_indices)
    return torch.cat(values), torch.cat(indices)


def _as_labels(labels: Labels, num_items: int, name: str) -> torch.Tensor:
    if isinstance(labels, (list, tuple)):
        labels = np.asarray(labels)
    tensor = _as_tensor(labels, name)
    if tensor.shape != (num_items, ) or tensor.is_floating_point():
        raise ValueError(f'{name}: expected {num_items} integer labels to '
                         f'match the features, got {tensor.dtype} of shape '
                         f'{tuple(tensor.shape)}')
    return tensor.long()


def retrieval_recall(query_feats: Features,
                     query_labels: Labels,
                     gallery_feats: Features,
                     gallery_labels: Labels,
                     topk: Sequence[int] = DEFAULT_TOPK,
                     chunk_size: Optional[int] = None) -> Dict[str, float]:
    """Recall at k of label retrieval (also nearest-neighbour evaluation).

    A query is a hit at ``k`` when any of its ``k`` nearest gallery items
    (see :func:`knn_search`) has the query's label.

    Args:
        query_feats (Tensor | ndarray | Sequence): Query features (Q, D), or
            one array per modality to fuse.
        query_labels (Tensor | ndarray | Sequence[int]): Query labels (Q,).
        gallery_feats (Tensor | ndarray | Sequence): Gallery features (G, D),
            or one per modality, in the order of ``query_feats``.
        gallery_labels (Tensor | ndarray | Sequence[int]): Gallery labels
            (G,).
        topk (Sequence[int]): The k to report, each in [1, G].
            Defaults to (1, 5, 10, 20, 50).
        chunk_size (int, optional): Queries scored at a time, see
            :func:`knn_search`. Defaults to None.

    Returns:
        dict[str, float]: ``{'R@k': percent of queries hit at k}``.
    """
    queries, gallery = _prepare(query_feats, gallery_feats)
    device = queries[0].device
    query_labels = _as_labels(query_labels, len(queries[0]),
                              'query_labels').to(device)
    gallery_labels = _as_labels(gallery_labels, len(gallery[0]),
                                'gallery_labels').to(device)
    topk = tuple(topk)
    if not topk:
        raise ValueError('topk must name at least one k, got ()')
    for k in topk:
        _check_k(k, len(gallery_labels), 'topk')
    topk = tuple(int(k) for k in topk)
    num_hits = torch.zeros(max(topk), dtype=torch.long, device=device)
    for rows, _, indices in _iter_topk(queries, gallery, max(topk),
                                       chunk_size):
        matches = gallery_labels[indices] == query_labels[rows, None]
        num_hits += (matches.cumsum(dim=1) > 0).sum(dim=0)
    num_queries = len(query_labels)
    return {f'R@{k}': 100.0 * num_hits[k - 1].item() / num_queries
            for k in topk}
