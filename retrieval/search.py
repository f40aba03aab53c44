"""Hybrid search: dense (the vector store) + BM25 (bm25s), fused by reciprocal rank.

Filters (doc_type, department, team, ids, owner) are applied *before* ranking in both
retrievers, so a chunk a caller may not see never competes for a place. Results name the
entity, the best chunk and the score; one result per entity.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import bm25s
import numpy as np
from threadpoolctl import threadpool_limits

from core.errors import UserError
from retrieval.embeddings import Embedder
from retrieval.vectorstore import StoredChunk, VectorStore, Where, matches_where

RRF_K = 60
CANDIDATES = 50
MODES = ("hybrid", "dense", "bm25")
_TOKEN = re.compile(r"[a-z0-9+#]+")
STOPWORDS = frozenset(
    {
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "by",
        "can",
        "do",
        "for",
        "from",
        "has",
        "have",
        "how",
        "i",
        "in",
        "is",
        "it",
        "its",
        "me",
        "my",
        "of",
        "on",
        "or",
        "our",
        "the",
        "their",
        "there",
        "this",
        "to",
        "we",
        "what",
        "which",
        "who",
        "with",
        "you",
        "your",
    }
)


def tokenize(text: str) -> list[str]:
    return [t for t in _TOKEN.findall(text.lower()) if t not in STOPWORDS]


@dataclass(frozen=True)
class SearchHit:
    id: str  # the entity id (skill_id, role_id, employee_id, resource_id, O*NET-SOC code…)
    type: str
    title: str
    score: float
    chunk: str
    chunk_id: str
    section: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "type": self.type,
            "title": self.title,
            "score": round(self.score, 6),
            "chunk": self.chunk,
            "chunk_id": self.chunk_id,
            "section": self.section,
        }


def build_filter(
    doc_types: Sequence[str] | None = None,
    department: str | None = None,
    team: str | None = None,
    entity_ids: Sequence[str] | None = None,
    owners: Sequence[str] | None = None,
) -> Where | None:
    parts: list[Where] = []
    if doc_types:
        parts.append({"doc_type": {"$in": list(doc_types)}})
    if department:
        parts.append({"department": department})
    if team:
        parts.append({"team": team})
    if entity_ids:
        parts.append({"entity_id": {"$in": list(entity_ids)}})
    if owners is not None:  # "" = not personal; access control passes the visible owners
        parts.append({"owner_employee_id": {"$in": ["", *owners]}})
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else {"$and": parts}


class HybridSearcher:
    """Searches the index. A warm searcher holds a read-only snapshot of the vector store
    (chunks, their vectors, a BM25 index over their text), taken on first use and again
    after `refresh()`, so both retrievers score exactly the chunks a filter allows —
    filtered first, ranked second — with no per-query round trip to the store."""

    def __init__(self, vectors: VectorStore, embedder: Embedder):
        self.vectors = vectors
        self.embedder = embedder
        self._chunks: list[StoredChunk] | None = None
        self._matrix: np.ndarray = np.zeros((0, 0), np.float32)
        self._bm25: bm25s.BM25 | None = None
        self._masks: dict[str, np.ndarray] = {}

    def refresh(self) -> None:
        self._chunks = None
        self._bm25 = None
        self._masks.clear()

    def _snapshot(self) -> list[StoredChunk]:
        if self._chunks is None:
            chunks, matrix = self.vectors.snapshot()
            self._matrix = matrix
            corpus = [tokenize(c.text) or ["_"] for c in chunks]
            self._bm25 = None
            if corpus:
                bm25 = bm25s.BM25()
                bm25.index(corpus, show_progress=False)
                self._bm25 = bm25
            self._chunks = chunks
        return self._chunks

    def _mask(self, where: Where) -> np.ndarray:
        """Which chunks pass a filter; cached, since callers repeat the same filters."""
        key = json.dumps(where, sort_keys=True)
        mask = self._masks.get(key)
        if mask is None:
            chunks = self._snapshot()
            mask = np.fromiter(
                (matches_where(c.metadata, where) for c in chunks), bool, len(chunks)
            )
            if len(self._masks) > 256:
                self._masks.clear()
            self._masks[key] = mask
        return mask

    def _top(self, scores: np.ndarray, where: Where | None, k: int) -> list[int]:
        if where:
            scores = np.where(self._mask(where), scores, -np.inf)
        k = min(k, len(scores))
        if k == 0:
            return []
        top = np.argpartition(-scores, k - 1)[:k]
        top = top[np.lexsort((top, -scores[top]))]  # by score, ties by position
        return [int(i) for i in top if np.isfinite(scores[i])]

    def _bm25_ranking(self, query: str, where: Where | None, k: int) -> list[int]:
        chunks = self._snapshot()
        tokens = tokenize(query)
        if self._bm25 is None or not tokens or not chunks:
            return []
        scores = np.asarray(self._bm25.get_scores(tokens), dtype=np.float32)
        return [i for i in self._top(scores, where, k) if scores[i] > 0]

    def _dense_ranking(self, query: str, where: Where | None, k: int) -> list[tuple[int, float]]:
        chunks = self._snapshot()
        if not chunks:
            return []
        vector = self.embedder.embed([query])[0]
        # One BLAS thread: torch's thread pool has just run the model, and two pools
        # spinning on two cores made p95 latency four times the median.
        with threadpool_limits(1, user_api="blas"):
            similarities = self._matrix @ vector
        return [(i, float(similarities[i])) for i in self._top(similarities, where, k)]

    def search(
        self, query: str, top_k: int = 10, where: Where | None = None, mode: str = "hybrid"
    ) -> list[SearchHit]:
        if mode not in MODES:
            raise UserError(f"unknown search mode '{mode}' (known: {', '.join(MODES)})")
        if not query.strip():
            raise UserError("the search query is empty")
        ranked: dict[int, float] = {}
        if mode in ("hybrid", "dense"):
            for rank, (index, similarity) in enumerate(
                self._dense_ranking(query, where, CANDIDATES)
            ):
                ranked[index] = ranked.get(index, 0.0) + (
                    1.0 / (RRF_K + rank + 1) if mode == "hybrid" else similarity
                )
        if mode in ("hybrid", "bm25"):
            for rank, index in enumerate(self._bm25_ranking(query, where, CANDIDATES)):
                ranked[index] = ranked.get(index, 0.0) + 1.0 / (RRF_K + rank + 1)
        chunks = self._snapshot()
        best: dict[str, SearchHit] = {}
        for index, score in sorted(ranked.items(), key=lambda kv: (-kv[1], chunks[kv[0]].chunk_id)):
            chunk = chunks[index]
            chunk_id = chunk.chunk_id
            meta = chunk.metadata
            entity = f"{meta.get('doc_type')}:{meta.get('entity_id')}"
            if entity in best:
                continue
            best[entity] = SearchHit(
                id=str(meta.get("entity_id")),
                type=str(meta.get("doc_type")),
                title=str(meta.get("title", "")),
                score=score,
                chunk=chunk.text,
                chunk_id=chunk_id,
                section=str(meta.get("section", "")),
            )
            if len(best) >= top_k:
                break
        return list(best.values())
