"""Hybrid search: dense (the vector store) + BM25 (bm25s), fused by reciprocal rank.

Filters (doc_type, department, team, ids, owner) are applied *before* ranking in both
retrievers, so a chunk a caller may not see never competes for a place. Results name the
entity, the best chunk and the score; one result per entity.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
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


@dataclass(frozen=True)
class Snapshot:
    """One whole, read-only view of the index. A search takes one and uses only it, so
    a rebuild swapping in the next one can never pull chunks from under a query."""

    key: tuple[int, int]  # (local refreshes, the store's index version) it was built at
    chunks: list[StoredChunk]
    matrix: np.ndarray
    bm25: bm25s.BM25 | None
    masks: dict[str, np.ndarray] = field(default_factory=dict)  # filter -> chunks passing

    def mask(self, where: Where) -> np.ndarray:
        """Which chunks pass a filter; cached, since callers repeat the same filters."""
        key = json.dumps(where, sort_keys=True)
        mask = self.masks.get(key)
        if mask is None:
            mask = np.fromiter(
                (matches_where(c.metadata, where) for c in self.chunks), bool, len(self.chunks)
            )
            if len(self.masks) > 256:
                self.masks.clear()
            self.masks[key] = mask
        return mask


def _build(key: tuple[int, int], vectors: VectorStore) -> Snapshot:
    chunks, matrix = vectors.snapshot()
    corpus = [tokenize(c.text) or ["_"] for c in chunks]
    bm25 = None
    if corpus:
        bm25 = bm25s.BM25()
        bm25.index(corpus, show_progress=False)
    return Snapshot(key, chunks, matrix, bm25)


class HybridSearcher:
    """Searches the index. A warm searcher holds a `Snapshot` of the vector store (chunks,
    their vectors, a BM25 index over their text), so both retrievers score exactly the
    chunks a filter allows — filtered first, ranked second — with no per-query round trip.

    A new snapshot is built after `refresh()` (a change made here) or when `version()`
    (the store's index version, a change made by any process) moves on. One thread builds
    it, behind a lock; meanwhile the others go on answering from the previous snapshot,
    and only a searcher that has none yet waits."""

    def __init__(
        self,
        vectors: VectorStore,
        embedder: Embedder,
        version: Callable[[], int] | None = None,
    ):
        self.vectors = vectors
        self.embedder = embedder
        self._version = version or (lambda: 0)
        self._refreshes = 0
        self._current: Snapshot | None = None
        self._lock = threading.Lock()  # one build at a time
        self._counting = threading.Lock()  # no refresh lost to another at the same time

    def _wanted(self) -> tuple[int, int]:
        return (self._refreshes, self._version())

    def refresh(self) -> None:
        """The index changed here: a warm searcher rebuilds now, in the caller's thread,
        so the caller's next search sees its own change; a cold one waits for first use."""
        with self._counting:
            self._refreshes += 1
        if self._current is not None:
            self.snapshot(wait=True)

    def is_stale(self) -> bool:
        """A snapshot is held and the index has moved on since it was taken."""
        current = self._current
        return current is not None and current.key != self._wanted()

    def reload_in_background(self) -> None:
        """Rebuild a stale snapshot off the caller's thread (for probes that must not wait)."""
        if self.is_stale() and not self._lock.locked():
            threading.Thread(target=self.snapshot, name="index-reload", daemon=True).start()

    def snapshot(self, wait: bool = False) -> Snapshot:
        wanted = self._wanted()
        current = self._current
        if current is not None and current.key == wanted:
            return current
        if current is not None and not wait and not self._lock.acquire(blocking=False):
            return current  # another thread is building the next one
        if current is None or wait:
            self._lock.acquire()
        try:
            current = self._current
            wanted = self._wanted()
            if current is None or current.key != wanted:
                current = _build(wanted, self.vectors)
                self._current = current
            return current
        finally:
            self._lock.release()

    @staticmethod
    def _top(snap: Snapshot, scores: np.ndarray, where: Where | None, k: int) -> list[int]:
        if where:
            scores = np.where(snap.mask(where), scores, -np.inf)
        k = min(k, len(scores))
        if k == 0:
            return []
        top = np.argpartition(-scores, k - 1)[:k]
        top = top[np.lexsort((top, -scores[top]))]  # by score, ties by position
        return [int(i) for i in top if np.isfinite(scores[i])]

    def _bm25_ranking(self, snap: Snapshot, query: str, where: Where | None, k: int) -> list[int]:
        tokens = tokenize(query)
        if snap.bm25 is None or not tokens or not snap.chunks:
            return []
        scores = np.asarray(snap.bm25.get_scores(tokens), dtype=np.float32)
        return [i for i in self._top(snap, scores, where, k) if scores[i] > 0]

    def _dense_ranking(
        self, snap: Snapshot, query: str, where: Where | None, k: int
    ) -> list[tuple[int, float]]:
        if not snap.chunks:
            return []
        vector = self.embedder.embed([query])[0]
        # One BLAS thread: torch's thread pool has just run the model, and two pools
        # spinning on two cores made p95 latency four times the median.
        with threadpool_limits(1, user_api="blas"):
            similarities = snap.matrix @ vector
        return [(i, float(similarities[i])) for i in self._top(snap, similarities, where, k)]

    def search(
        self,
        query: str,
        top_k: int = 10,
        where: Where | None = None,
        mode: str = "hybrid",
        exists: Callable[[str, str], bool] | None = None,
    ) -> list[SearchHit]:
        """The best chunk of each of the top entities. `exists(doc_type, entity_id)` drops
        hits on entities the store no longer holds (an index a crash left behind)."""
        if mode not in MODES:
            raise UserError(f"unknown search mode '{mode}' (known: {', '.join(MODES)})")
        if not query.strip():
            raise UserError("the search query is empty")
        snap = self.snapshot()
        ranked: dict[int, float] = {}
        if mode in ("hybrid", "dense"):
            for rank, (index, similarity) in enumerate(
                self._dense_ranking(snap, query, where, CANDIDATES)
            ):
                ranked[index] = ranked.get(index, 0.0) + (
                    1.0 / (RRF_K + rank + 1) if mode == "hybrid" else similarity
                )
        if mode in ("hybrid", "bm25"):
            for rank, index in enumerate(self._bm25_ranking(snap, query, where, CANDIDATES)):
                ranked[index] = ranked.get(index, 0.0) + 1.0 / (RRF_K + rank + 1)
        chunks = snap.chunks
        best: dict[str, SearchHit] = {}
        for index, score in sorted(ranked.items(), key=lambda kv: (-kv[1], chunks[kv[0]].chunk_id)):
            chunk = chunks[index]
            chunk_id = chunk.chunk_id
            meta = chunk.metadata
            entity = f"{meta.get('doc_type')}:{meta.get('entity_id')}"
            if entity in best:
                continue
            if exists is not None and not exists(
                str(meta.get("doc_type")), str(meta.get("entity_id"))
            ):
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
