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
    """Searches the index. The BM25 side is built from the stored chunks on first use and
    rebuilt when the index changes (call `refresh`)."""

    def __init__(self, vectors: VectorStore, embedder: Embedder):
        self.vectors = vectors
        self.embedder = embedder
        self._chunks: list[StoredChunk] | None = None
        self._bm25: bm25s.BM25 | None = None
        self._masks: dict[str, np.ndarray] = {}

    def refresh(self) -> None:
        self._chunks = None
        self._bm25 = None
        self._masks.clear()

    def _lexical(self) -> tuple[list[StoredChunk], bm25s.BM25 | None]:
        if self._chunks is None:
            self._chunks = self.vectors.all()
            corpus = [tokenize(c.text) or ["_"] for c in self._chunks]
            if corpus:
                bm25 = bm25s.BM25()
                bm25.index(corpus, show_progress=False)
                self._bm25 = bm25
        return self._chunks, self._bm25

    def _bm25_ranking(self, query: str, where: Where | None, k: int) -> list[StoredChunk]:
        chunks, bm25 = self._lexical()
        tokens = tokenize(query)
        if bm25 is None or not tokens:
            return []
        scores = np.asarray(bm25.get_scores(tokens))
        if where:
            scores = np.where(self._mask(where), scores, -1.0)
        k = min(k, len(scores))
        top = np.argpartition(-scores, k - 1)[:k]
        top = top[np.lexsort((top, -scores[top]))]  # by score, ties by position
        return [chunks[i] for i in top if scores[i] > 0]

    def _mask(self, where: Where) -> np.ndarray:
        """Which chunks pass a filter; cached, since callers repeat the same filters."""
        key = json.dumps(where, sort_keys=True)
        mask = self._masks.get(key)
        if mask is None:
            chunks, _ = self._lexical()
            mask = np.fromiter(
                (matches_where(c.metadata, where) for c in chunks), bool, len(chunks)
            )
            if len(self._masks) > 256:
                self._masks.clear()
            self._masks[key] = mask
        return mask

    def _dense_ranking(
        self, query: str, where: Where | None, k: int
    ) -> list[tuple[StoredChunk, float]]:
        vector = self.embedder.embed([query])[0]
        return [
            (StoredChunk(h.chunk_id, h.text, h.metadata), 1.0 - h.distance)
            for h in self.vectors.query(vector, k, where)
        ]

    def search(
        self, query: str, top_k: int = 10, where: Where | None = None, mode: str = "hybrid"
    ) -> list[SearchHit]:
        if mode not in MODES:
            raise UserError(f"unknown search mode '{mode}' (known: {', '.join(MODES)})")
        if not query.strip():
            raise UserError("the search query is empty")
        ranked: dict[str, float] = {}
        texts: dict[str, StoredChunk] = {}
        if mode in ("hybrid", "dense"):
            for rank, (chunk, similarity) in enumerate(
                self._dense_ranking(query, where, CANDIDATES)
            ):
                texts[chunk.chunk_id] = chunk
                ranked[chunk.chunk_id] = ranked.get(chunk.chunk_id, 0.0) + (
                    1.0 / (RRF_K + rank + 1) if mode == "hybrid" else similarity
                )
        if mode in ("hybrid", "bm25"):
            for rank, chunk in enumerate(self._bm25_ranking(query, where, CANDIDATES)):
                texts[chunk.chunk_id] = chunk
                ranked[chunk.chunk_id] = ranked.get(chunk.chunk_id, 0.0) + 1.0 / (RRF_K + rank + 1)
        best: dict[str, SearchHit] = {}
        for chunk_id, score in sorted(ranked.items(), key=lambda kv: (-kv[1], kv[0])):
            chunk = texts[chunk_id]
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
