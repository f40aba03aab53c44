"""Retrieval and normalisation metrics. Pure functions over ranked ids and gold labels."""

from __future__ import annotations

import math
from collections.abc import Sequence


def recall_at_k(ranked: Sequence[str], relevant: Sequence[str], k: int) -> float:
    """Share of the relevant ids found in the first k results."""
    if not relevant:
        return 0.0
    return len(set(ranked[:k]) & set(relevant)) / len(set(relevant))


def reciprocal_rank(ranked: Sequence[str], relevant: Sequence[str], k: int = 10) -> float:
    """1/rank of the first relevant id within the first k results, else 0."""
    wanted = set(relevant)
    for rank, item in enumerate(ranked[:k], 1):
        if item in wanted:
            return 1.0 / rank
    return 0.0


def ndcg_at_k(ranked: Sequence[str], relevant: Sequence[str], k: int = 10) -> float:
    """Binary-relevance nDCG@k: DCG = Σ 1/log2(rank + 1) over relevant hits."""
    wanted = set(relevant)
    dcg = sum(1 / math.log2(rank + 1) for rank, item in enumerate(ranked[:k], 1) if item in wanted)
    ideal = sum(1 / math.log2(rank + 1) for rank in range(1, min(len(wanted), k) + 1))
    return dcg / ideal if ideal else 0.0


def mean(values: Sequence[float]) -> float:
    return sum(values) / len(values) if values else 0.0


def r_precision_at_k(ranked: Sequence[str], relevant: Sequence[str], k: int = 5) -> float:
    """RP@k: relevant ids among the first min(k, R) results, over min(k, R), where R is the
    number of relevant ids: precision that a perfect ranking always scores 1 on."""
    wanted = set(relevant)
    cut = min(k, len(wanted))
    if not cut:
        return 0.0
    return len(set(ranked[:cut]) & wanted) / cut
