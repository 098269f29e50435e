import numpy as np
import pytest
import torch

from mmssl.evaluation.functional import knn_search, retrieval, retrieval_recall


def brute_force_ranking(query_sets, gallery_sets):
    """Full fused cosine matrix, stable descending argsort (float64)."""
    similarity = 0
    for query, gallery in zip(query_sets, gallery_sets):
        query = query / np.linalg.norm(query, axis=1, keepdims=True)
        gallery = gallery / np.linalg.norm(gallery, axis=1, keepdims=True)
        similarity = similarity + query @ gallery.T
    similarity = similarity / len(query_sets)
    return similarity, np.argsort(-similarity, axis=1, kind='stable')


def brute_force_recall(query_sets, query_labels, gallery_sets,
                       gallery_labels, topk):
    _, ranking = brute_force_ranking(query_sets, gallery_sets)
    matches = gallery_labels[ranking] == query_labels[:, None]
    return {
        f'R@{k}': 100.0 * int(matches[:, :k].any(axis=1).sum()) /
        len(query_labels)
        for k in topk
    }


def tied_features(rng, num_items, dim=8):
    """Rows with four entries of +-1: norm 2, similarities in steps of 1/4.

    Every similarity is exact in float32 and float64, so many are exactly
    equal and only the tie rule decides the ranking.
    """
    feats = np.zeros((num_items, dim))
    for row in feats:
        columns = rng.choice(dim, 4, replace=False)
        row[columns] = rng.choice([-1.0, 1.0], 4)
    return feats.astype(np.float32)


def test_hand_made_case_with_a_tie():
    gallery = np.array([[1, 0], [0, 1], [1, 1], [-1, 0]], dtype=np.float32)
    gallery_labels = np.array([0, 1, 1, 2])
    # query 0 ranks g0 (0.995), g2, g1, g3: first hit at rank 2.
    # query 1 ranks g1, g2, then g0 and g3 tied at 0 (g0 first by index):
    # its label 2 (g3) is found at rank 4, not 3.
    queries = np.array([[1, 0.1], [0, 1]], dtype=np.float32)
    query_labels = np.array([1, 2])
    recall = retrieval_recall(queries, query_labels, gallery, gallery_labels,
                              topk=(1, 2, 3))
    # R@3 is 50, not 100: the tie rule puts g0 before g3.
    assert recall == {'R@1': 0.0, 'R@2': 50.0, 'R@3': 50.0}
    similarity, indices = knn_search(queries, gallery, k=4)
    assert indices.tolist() == [[0, 2, 1, 3], [1, 2, 0, 3]]
    assert similarity[1].tolist() == pytest.approx([1, 0.5**0.5, 0, 0])


@pytest.mark.parametrize('chunk_size', [1, 3, 7, 1000, None])
def test_ties_match_stable_brute_force(chunk_size):
    rng = np.random.default_rng(0)
    queries, gallery = tied_features(rng, 23), tied_features(rng, 41)
    _, ranking = brute_force_ranking([queries], [gallery])
    similarity, indices = knn_search(
        queries, gallery, k=10, chunk_size=chunk_size)
    np.testing.assert_array_equal(indices.numpy(), ranking[:, :10])
    assert (similarity[:, :-1] >= similarity[:, 1:]).all()
    query_labels = rng.integers(0, 4, 23)
    gallery_labels = rng.integers(0, 4, 41)
    topk = (1, 2, 5, 10, 41)
    assert retrieval_recall(
        queries, query_labels, gallery, gallery_labels, topk,
        chunk_size=chunk_size) == brute_force_recall(
            [queries], query_labels, [gallery], gallery_labels, topk)


def test_automatic_chunks_follow_the_entry_budget(monkeypatch):
    rng = np.random.default_rng(3)
    queries, gallery = tied_features(rng, 9), tied_features(rng, 20)
    _, ranking = brute_force_ranking([queries], [gallery])
    calls = []
    original = retrieval.fused_similarity

    def recording(chunk, gallery, **kwargs):
        calls.append(len(chunk[0]))
        return original(chunk, gallery, **kwargs)

    monkeypatch.setattr(retrieval, 'CHUNK_ENTRIES', 50)
    monkeypatch.setattr(retrieval, 'fused_similarity', recording)
    _, indices = knn_search(queries, gallery, k=5)
    assert calls == [2, 2, 2, 2, 1]
    np.testing.assert_array_equal(indices.numpy(), ranking[:, :5])


def test_only_ties_left_of_the_first_match_count():
    gallery = np.array([[1, 0], [1, 0], [0, 1]], dtype=np.float32)
    gallery_labels = np.array([0, 1, 1])
    queries = np.array([[1, 0], [1, 0], [0, 1]], dtype=np.float32)
    query_labels = np.array([1, 0, 0])
    # g0 and g1 tie for every query. Query 0 (label 1): g1 ranks 2nd,
    # behind the tied g0. Query 1 (label 0): g0 ranks 1st; the tied g1 comes
    # after it. Query 2 (label 0): g2 first, then g0 before the tied g1.
    assert retrieval_recall(queries, query_labels, gallery, gallery_labels,
                            topk=(1, 2)) == {
                                'R@1': 100 / 3,
                                'R@2': 100.0
                            }


def test_labels_missing_from_the_gallery_never_hit():
    gallery = np.array([[1, 0], [0, 1]], dtype=np.float32)
    queries = np.array([[1, 0], [0, 1], [1, 1]], dtype=np.float32)
    # Label 7 (query 2) has no gallery item; labels are not 0-based.
    recall = retrieval_recall(queries, [5, 5, 7], gallery, [5, 6],
                              topk=(1, 2))
    assert recall == {'R@1': 100 / 3, 'R@2': 200 / 3}


def test_float64_counts_beyond_float32_exact_integers(monkeypatch):
    rng = np.random.default_rng(4)
    queries, gallery = tied_features(rng, 15), tied_features(rng, 30)
    query_labels, gallery_labels = rng.integers(0, 3, 15), rng.integers(
        0, 3, 30)
    expected = brute_force_recall([queries], query_labels, [gallery],
                                  gallery_labels, (1, 2, 5))
    monkeypatch.setattr(retrieval, 'FLOAT32_EXACT_COUNT', 16)
    assert retrieval_recall(queries, query_labels, gallery, gallery_labels,
                            (1, 2, 5), chunk_size=4) == expected


@pytest.mark.parametrize('chunk_size', [1, 16, 50, 64])
def test_random_features_match_brute_force(chunk_size):
    rng = np.random.default_rng(1)
    queries, gallery = rng.normal(size=(50, 16)), rng.normal(size=(90, 16))
    query_labels = rng.integers(0, 20, 50)
    gallery_labels = rng.integers(0, 20, 90)
    topk = (1, 5, 10, 20, 50)
    recall = retrieval_recall(
        torch.from_numpy(queries), torch.from_numpy(query_labels),
        gallery, gallery_labels, topk, chunk_size=chunk_size)
    expected = brute_force_recall([queries], query_labels, [gallery],
                                  gallery_labels, topk)
    assert recall == expected
    assert 0 < recall['R@1'] < recall['R@5'] < recall['R@50'] < 100


@pytest.mark.parametrize('chunk_size', [2, 5, 100])
def test_fusion_is_the_mean_of_modality_similarities(chunk_size):
    rng = np.random.default_rng(2)
    rgb_q, rgb_g = tied_features(rng, 19), tied_features(rng, 30)
    diff_q, diff_g = tied_features(rng, 19, 4), tied_features(rng, 30, 4)
    expected_similarity, ranking = brute_force_ranking([rgb_q, diff_q],
                                                       [rgb_g, diff_g])
    similarity, indices = knn_search((rgb_q, diff_q), [rgb_g, diff_g],
                                     k=30, chunk_size=chunk_size)
    np.testing.assert_array_equal(indices.numpy(), ranking)
    np.testing.assert_array_equal(
        similarity.numpy(), np.take_along_axis(expected_similarity, ranking,
                                               axis=1))
    query_labels, gallery_labels = rng.integers(0, 3, 19), rng.integers(
        0, 3, 30)
    assert retrieval_recall(
        [rgb_q, diff_q], query_labels, [rgb_g, diff_g], gallery_labels,
        topk=(1, 3, 10), chunk_size=chunk_size) == brute_force_recall(
            [rgb_q, diff_q], query_labels, [rgb_g, diff_g], gallery_labels,
            (1, 3, 10))


def test_fusion_differs_from_either_modality():
    # g0 wins on modality A, g1 on modality B, g1 on the average.
    query_a, query_b = np.array([[1.0, 0.0]]), np.array([[1.0, 0.0]])
    gallery_a = np.array([[1.0, 0.0], [0.6, 0.8]])
    gallery_b = np.array([[0.0, 1.0], [1.0, 0.0]])
    _, indices_a = knn_search(query_a, gallery_a, k=1)
    _, indices_b = knn_search(query_b, gallery_b, k=1)
    similarity, indices = knn_search([query_a, query_b],
                                     [gallery_a, gallery_b], k=2)
    assert indices_a.item() == 0 and indices_b.item() == 1
    assert indices.tolist() == [[1, 0]]
    assert similarity.tolist() == [[pytest.approx(0.8), pytest.approx(0.5)]]


def test_float64_wins_and_other_dtypes_use_float32():
    half = torch.eye(3, dtype=torch.float16)
    similarity, _ = knn_search(half, np.eye(3), k=1)
    assert similarity.dtype == torch.float64
    similarity, indices = knn_search(half, half, 1)
    assert similarity.dtype == torch.float32
    assert indices.tolist() == [[0], [1], [2]]


@pytest.mark.parametrize('kwargs, message', [
    (dict(topk=(0, )), r'topk=0 must be an int in \[1, 4\]'),
    (dict(topk=(5, )), r'topk=5 must be an int in \[1, 4\]'),
    (dict(topk=()), 'at least one k'),
    (dict(topk=(1, ), chunk_size=0), 'chunk_size must be a positive int'),
])
def test_invalid_arguments_are_named(kwargs, message):
    feats, labels = np.eye(4), np.arange(4)
    with pytest.raises(ValueError, match=message):
        retrieval_recall(feats, labels, feats, labels, **kwargs)


def test_mismatched_inputs_are_named():
    feats = np.eye(4)
    with pytest.raises(ValueError, match='query_labels: expected 4 integer'):
        retrieval_recall(feats, np.arange(3), feats, np.arange(4), (1, ))
    with pytest.raises(ValueError, match='2 modalities but gallery_feats'):
        knn_search([feats, feats], feats, 1)
    with pytest.raises(ValueError, match='4-d but gallery features are 3-d'):
        knn_search(feats, np.eye(3), 1)
    with pytest.raises(ValueError, match=r'query_feats\[0\]: .*NaN'):
        knn_search(np.full((2, 4), np.nan), feats, 1)


# Non-negative 2-d features with a large common component. Plain cosine:
# both queries are nearest to g1 (0.990 vs 0.984 and 0.894), so query 0
# (label 0) misses at 1. Centred (gallery mean (2, 0.5), query mean
# (2.1, 0.7)): query 0 becomes (0.1, -0.3), g0 (-1, -0.5) and g1 (1, 0.5),
# so query 0 finds g0 (dot 0.05 vs -0.05), and query 1 still finds g1.
CENTRING_GALLERY = np.array([[1, 0], [3, 1]], dtype=np.float32)
CENTRING_QUERIES = np.array([[2.2, 0.4], [2, 1]], dtype=np.float32)


@pytest.mark.parametrize('chunk_size', [1, None])
def test_centring_subtracts_each_sets_mean(chunk_size):
    labels = np.array([0, 1])
    plain = retrieval_recall(CENTRING_QUERIES, labels, CENTRING_GALLERY,
                             labels, topk=(1, ), chunk_size=chunk_size)
    centred = retrieval_recall(CENTRING_QUERIES, labels, CENTRING_GALLERY,
                               labels, topk=(1, ), chunk_size=chunk_size,
                               center=True)
    # With chunk_size=1, centring each chunk by its own mean would zero
    # every query (then g0 wins all ties: R@1 50).
    assert plain == {'R@1': 50.0}
    assert centred == {'R@1': 100.0}
    _, indices = knn_search(CENTRING_QUERIES, CENTRING_GALLERY, k=2,
                            chunk_size=chunk_size, center=True)
    assert indices.tolist() == [[0, 1], [1, 0]]


@pytest.mark.parametrize('chunk_size', [3, 100])
def test_centring_matches_brute_force_on_fused_modalities(chunk_size):
    rng = np.random.default_rng(5)
    # Non-negative features, like pooled ReLU outputs.
    rgb_q, rgb_g = (np.abs(rng.normal(0.5, 1, (n, 6))) for n in (20, 35))
    diff_q, diff_g = (np.abs(rng.normal(0.2, 1, (n, 4))) for n in (20, 35))
    query_labels, gallery_labels = rng.integers(0, 4, 20), rng.integers(
        0, 4, 35)
    topk = (1, 3, 10)
    expected = brute_force_recall(
        [rgb_q - rgb_q.mean(0), diff_q - diff_q.mean(0)], query_labels,
        [rgb_g - rgb_g.mean(0), diff_g - diff_g.mean(0)], gallery_labels,
        topk)
    recall = retrieval_recall([rgb_q, diff_q], query_labels,
                              [rgb_g, diff_g], gallery_labels, topk,
                              chunk_size=chunk_size, center=True)
    assert recall == expected
    assert recall != brute_force_recall([rgb_q, diff_q], query_labels,
                                        [rgb_g, diff_g], gallery_labels,
                                        topk)
