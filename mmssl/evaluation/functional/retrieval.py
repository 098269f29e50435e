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

Centring (``center=True``): before the cosine similarity, the mean feature
of each set is subtracted from its items, the query mean from the queries
and the gallery mean from the gallery, per modality. This is the protocol of
CoCLR's released retrieval code; without it (the default) the features are
only L2-normalised. The two give different recalls on the same features
(several points of R@1 on ReLU features, which are all non-negative and so
share a large common component), so only numbers of one protocol compare.
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
#: Similarities per chunk when ``chunk_size`` is None: 2**22, i.e. 16 MiB
#: in float32. Chunks of this size still make efficient matrix products,
#: and the passes of :func:`retrieval_recall` over them stay in cache.
CHUNK_ENTRIES = 2**22
#: Counts of gallery items are sums of 0/1 entries in the similarity dtype;
#: float32 sums are exact below this many gallery items.
FLOAT32_EXACT_COUNT = 2**24


def _as_tensor(array: ArrayLike, name: str) -> torch.Tensor:
    if not isinstance(array, (torch.Tensor, np.ndarray)):
        raise TypeError(f'{name}: expected a torch.Tensor or numpy array, '
                        f'got {type(array).__name__}')
    return torch.as_tensor(array)


def _all_finite(tensor: torch.Tensor) -> bool:
    """``torch.isfinite(tensor).all()`` in one pass without temporaries.

    The minimum and maximum are both finite exactly when every entry is:
    an infinity would be one of them, and a NaN makes both NaN.
    """
    if not tensor.is_floating_point() or not tensor.numel():
        return True
    return all(bool(torch.isfinite(bound)) for bound in tensor.aminmax())


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


def _select(tensor: torch.Tensor,
            rows: Union[slice, torch.Tensor]) -> torch.Tensor:
    """``tensor[rows]``; index tensors through ``index_select``, which is
    much faster than advanced indexing."""
    if isinstance(rows, slice):
        return tensor[rows]
    return tensor.index_select(0, rows.to(tensor.device))


class _Sets:
    """Validated features of both sets, ready to be scored chunk by chunk.

    The gallery is moved to the device of the first query features and to
    the computation dtype (float64 when any input is float64, else float32),
    centred if asked and L2-normalised once. Queries are cast, centred and
    normalised block by block in :meth:`similarities`, so that no second
    copy of all queries is made.

    Args:
        query_feats (Features): (Q, D_m) per modality.
        gallery_feats (Features): (G, D_m) per modality.
        center (bool): Subtract each set's mean feature (per modality).
    """

    def __init__(self, query_feats: Features, gallery_feats: Features,
                 center: bool) -> None:
        queries = _modalities(query_feats, 'query_feats')
        gallery = _modalities(gallery_feats, 'gallery_feats')
        _check_pairing(queries, gallery)
        self.dtype = torch.float64 if any(
            feats.dtype == torch.float64
            for feats in queries + gallery) else torch.float32
        self.device = queries[0].device
        gallery = [
            item.to(device=self.device, dtype=self.dtype) for item in gallery
        ]
        self.query_means = [None] * len(queries)
        if center:
            self.query_means = [
                query.mean(dim=0, dtype=self.dtype).to(self.device)
                for query in queries
            ]
            gallery = [item - item.mean(dim=0) for item in gallery]
        self.queries = queries
        self.gallery = [F.normalize(item, dim=1) for item in gallery]
        self.num_queries = len(queries[0])
        self.num_gallery = len(gallery[0])

    def _block(self, rows: Union[slice, torch.Tensor]) -> List[torch.Tensor]:
        """Query rows of every modality, cast, centred and normalised."""
        block = []
        for query, mean in zip(self.queries, self.query_means):
            query = _select(query, rows).to(
                device=self.device, dtype=self.dtype)
            if mean is not None:
                query = query - mean
            block.append(F.normalize(query, dim=1))
        return block

    def chunk_rows(self, chunk_size: Optional[int]) -> int:
        """Queries per chunk, c: ``chunk_size`` checked, or if None
        ``CHUNK_ENTRIES // G`` (at least 1); at most Q."""
        if chunk_size is None:
            chunk_size = max(1, CHUNK_ENTRIES // self.num_gallery)
        if not isinstance(chunk_size, int) or chunk_size < 1:
            raise ValueError(f'chunk_size must be a positive int or None, '
                             f'got {chunk_size!r}')
        return min(chunk_size, self.num_queries)

    def similarities(self,
                     chunk_size: Optional[int],
                     order: Optional[torch.Tensor] = None
                     ) -> Iterator[Tuple[Union[slice, torch.Tensor],
                                         torch.Tensor]]:
        """Yield (query rows, fused similarities (c, G)) chunk by chunk.

        The similarities of every chunk are written into the same buffer:
        each yielded matrix is overwritten by the next one.

        Args:
            chunk_size (int, optional): Queries per chunk, see
                :meth:`chunk_rows`.
            order (torch.Tensor, optional): (Q, ) permutation of the
                queries to visit them in; the rows are then index tensors.
                Defaults to None: slices in the given order.
        """
        chunk_size = self.chunk_rows(chunk_size)
        buffer = torch.empty((chunk_size, self.num_gallery),
                             dtype=self.dtype,
                             device=self.device)
        # Queries are prepared in blocks of whole chunks, about
        # CHUNK_ENTRIES entries each, to spend few operations per chunk.
        dim = max(query.shape[1] for query in self.queries)
        block_rows = max(1, CHUNK_ENTRIES // dim // chunk_size) * chunk_size

        def rows(start, end):
            return slice(start, end) if order is None else order[start:end]

        for block_start in range(0, self.num_queries, block_rows):
            block_end = min(block_start + block_rows, self.num_queries)
            block = self._block(rows(block_start, block_end))
            for start in range(block_start, block_end, chunk_size):
                end = min(start + chunk_size, block_end)
                queries = [
                    feats[start - block_start:end - block_start]
                    for feats in block
                ]
                yield rows(start, end), fused_similarity(
                    queries, self.gallery, out=buffer[:end - start])


def fused_similarity(queries: Sequence[torch.Tensor],
                     gallery: Sequence[torch.Tensor],
                     out: Optional[torch.Tensor] = None) -> torch.Tensor:
    """Mean over modalities of the query-gallery similarity matrices.

    Args:
        queries (Sequence[torch.Tensor]): Per modality, L2-normalised query
            features (Q, D_m).
        gallery (Sequence[torch.Tensor]): Per modality, L2-normalised gallery
            features (G, D_m).
        out (torch.Tensor, optional): Contiguous (Q, G) tensor to write
            into. Defaults to None: a new one.

    Returns:
        torch.Tensor: Cosine similarities (Q, G).
    """
    similarity = torch.matmul(queries[0], gallery[0].T, out=out)
    if len(queries) == 1:
        return similarity
    for query, item in zip(queries[1:], gallery[1:]):
        similarity += query @ item.T
    return similarity.div_(len(queries))


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


def knn_search(query_feats: Features,
               gallery_feats: Features,
               k: int,
               chunk_size: Optional[int] = None,
               center: bool = False) -> Tuple[torch.Tensor, torch.Tensor]:
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
        center (bool): Subtract the mean of the given queries from the
            queries and the mean of the gallery from the gallery before the
            cosine similarity (see the module docstring). Defaults to False.

    Returns:
        tuple[torch.Tensor, torch.Tensor]: Similarities (Q, k), descending,
        and gallery indices (Q, k) int64, ranked as described in the module
        docstring. Both live on the device of ``query_feats``.
    """
    sets = _Sets(query_feats, gallery_feats, center)
    _check_k(k, sets.num_gallery, 'k')
    values, indices = [], []
    for _, similarity in sets.similarities(chunk_size):
        chunk_values, chunk_indices = _stable_topk(similarity, k)
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


def _count_dtype(dtype: torch.dtype, num_gallery: int) -> torch.dtype:
    """Dtype in which sums of ``num_gallery`` 0/1 entries are exact."""
    if num_gallery >= FLOAT32_EXACT_COUNT:
        return torch.float64
    return dtype


class _LabelGroups:
    """Queries grouped by label, and the gallery columns of each label.

    Args:
        query_labels (torch.Tensor): (Q, ) int64.
        gallery_labels (torch.Tensor): (G, ) int64.
    """

    def __init__(self, query_labels: torch.Tensor,
                 gallery_labels: torch.Tensor) -> None:
        self.gallery_labels = gallery_labels
        classes, counts = gallery_labels.unique(return_counts=True)
        position = torch.searchsorted(classes, query_labels).clamp(
            max=len(classes) - 1)
        # Class index of each query; len(classes) for a label the gallery
        # lacks, which sorts those queries last.
        self.query_classes = torch.where(classes[position] == query_labels,
                                         position, len(classes))
        self.query_labels = query_labels
        #: (Q, ) the queries in the order of their class.
        self.order = self.query_classes.argsort(stable=True)
        # Columns of class c: columns[ends[c] - counts[c]:ends[c]].
        self.columns = gallery_labels.argsort(stable=True)
        self.ends = counts.cumsum(0).tolist()
        self.counts = counts.tolist()

    def best_similarity(self, similarity: torch.Tensor,
                        rows: torch.Tensor) -> torch.Tensor:
        """Each row's largest similarity to a gallery item of its label.

        Args:
            similarity (torch.Tensor): (c, G) of the queries ``rows``, which
                are consecutive entries of :attr:`order`.
            rows (torch.Tensor): (c, ) query indices.

        Returns:
            torch.Tensor: (c, 1); -inf for labels the gallery lacks.
        """
        best = similarity.new_full((len(rows), 1), -torch.inf)
        classes, sizes = _select(self.query_classes,
                                 rows).unique_consecutive(return_counts=True)
        first = 0
        for cls, size in zip(classes.tolist(), sizes.tolist()):
            if cls < len(self.counts):
                end = self.ends[cls]
                columns = self.columns[end - self.counts[cls]:end]
                torch.amax(
                    similarity[first:first + size].index_select(1, columns),
                    dim=1,
                    keepdim=True,
                    out=best[first:first + size])
            first += size
        return best

    def first_match_ranks(self, similarity: torch.Tensor,
                          rows: torch.Tensor,
                          flags: torch.Tensor) -> torch.Tensor:
        """0-based rank of each query's first gallery item of its label.

        The rank of an item is the number of items ahead of it: those more
        similar, and those exactly as similar with a lower index. The first
        item of the label is its most similar one, of similarity ``s*``; its
        rank is the count of items above ``s*``, plus, only in rows where
        ``s*`` occurs more than once, the items equal to ``s*`` left of it.
        Two comparisons and one summing pass over the chunk, and no sort. A
        label the gallery lacks gets rank G, a miss at every k.

        Args:
            similarity (torch.Tensor): (c, G) of the queries ``rows``.
            rows (torch.Tensor): (c, ) consecutive entries of
                :attr:`order`.
            flags (torch.Tensor): Workspace (2, c', G), c' >= c, of a dtype
                whose sums count exactly (see :func:`_count_dtype`).

        Returns:
            torch.Tensor: (c, ) ranks, integers in the dtype of ``flags``.
        """
        best = self.best_similarity(similarity, rows)
        # Entries above s* and equal to s* as 0/1, counted in one pass.
        flags = flags[:, :len(rows)]
        torch.gt(similarity, best, out=flags[0])
        torch.eq(similarity, best, out=flags[1])
        ranks, num_equal = flags.sum(dim=2)
        tied = (num_equal > 1).nonzero()[:, 0]
        if len(tied):
            equal = flags[1, tied].bool()
            same_label = self.gallery_labels == self.query_labels[rows[tied],
                                                                  None]
            first = (equal & same_label).int().argmax(dim=1, keepdim=True)
            left = torch.arange(similarity.shape[1], device=first.device)
            ranks[tied] += (equal & (left < first)).sum(dim=1).to(ranks)
        return ranks


def retrieval_recall(query_feats: Features,
                     query_labels: Labels,
                     gallery_feats: Features,
                     gallery_labels: Labels,
                     topk: Sequence[int] = DEFAULT_TOPK,
                     chunk_size: Optional[int] = None,
                     center: bool = False) -> Dict[str, float]:
    """Recall at k of label retrieval (also nearest-neighbour evaluation).

    A query is a hit at ``k`` when any of its ``k`` nearest gallery items
    (ranked as :func:`knn_search` ranks them) has the query's label, i.e.
    when the first gallery item of its label has a rank below ``k``. That
    rank is computed directly, without sorting (see
    :meth:`_LabelGroups.first_match_ranks`), so the cost stays close to that
    of the similarity matrix product. Queries are scored grouped by label.

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
            :func:`knn_search`; the peak memory is about
            ``3 * chunk_size * G`` similarities. Defaults to None.
        center (bool): Centre each set's features by its mean first, the
            protocol of CoCLR's code (see the module docstring). Defaults
            to False.

    Returns:
        dict[str, float]: ``{'R@k': percent of queries hit at k}``.
    """
    sets = _Sets(query_feats, gallery_feats, center)
    query_labels = _as_labels(query_labels, sets.num_queries,
                              'query_labels').to(sets.device)
    gallery_labels = _as_labels(gallery_labels, sets.num_gallery,
                                'gallery_labels').to(sets.device)
    topk = tuple(topk)
    if not topk:
        raise ValueError('topk must name at least one k, got ()')
    for k in topk:
        _check_k(k, sets.num_gallery, 'topk')
    topk = tuple(int(k) for k in topk)
    groups = _LabelGroups(query_labels, gallery_labels)
    flags = torch.empty((2, sets.chunk_rows(chunk_size), sets.num_gallery),
                        dtype=_count_dtype(sets.dtype, sets.num_gallery),
                        device=sets.device)
    ranks = torch.cat([
        groups.first_match_ranks(similarity, rows, flags)
        for rows, similarity in sets.similarities(chunk_size, groups.order)
    ])
    return {
        f'R@{k}': 100.0 * (ranks < k).sum().item() / sets.num_queries
        for k in topk
    }
