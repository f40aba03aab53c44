"""Where chunk vectors live. Chroma for real (embedded PersistentClient, or a `chroma run`
server over HTTP); an in-memory twin for unit tests. We always pass our own embeddings:
Chroma's default embedding function would download a model.

Filters use a small subset of Chroma's `where` language that both back ends understand:
`{field: value}`, `{field: {"$in": [..]}}`, `{field: {"$ne": value}}` and `{"$and": [...]}`.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import urlparse

import numpy as np

from core.errors import DependencyError

log = logging.getLogger(__name__)

COLLECTION = "talent_chunks"
PAGE = 5000
Where = dict[str, Any]


@dataclass(frozen=True)
class StoredChunk:
    chunk_id: str
    text: str
    metadata: dict[str, Any]


@dataclass(frozen=True)
class VectorHit:
    chunk_id: str
    distance: float  # cosine distance: 0 = same direction
    text: str
    metadata: dict[str, Any]


class VectorStore(Protocol):
    def upsert(self, chunks: Sequence[StoredChunk], embeddings: np.ndarray) -> None: ...
    def delete(self, chunk_ids: Sequence[str]) -> None: ...
    def all(self, where: Where | None = None) -> list[StoredChunk]: ...
    def query(
        self, embedding: np.ndarray, k: int, where: Where | None = None
    ) -> list[VectorHit]: ...
    def count(self) -> int: ...


def where_all(**conditions: Any) -> Where | None:
    """Combine simple conditions (None values are skipped) into one filter."""
    parts = [{k: v} for k, v in conditions.items() if v is not None]
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else {"$and": parts}


class ChromaVectorStore:
    def __init__(self, path: Path | None = None, url: str = ""):
        try:
            import chromadb
            from chromadb.config import Settings as ChromaSettings
        except ImportError as exc:  # pragma: no cover - installation problem
            raise DependencyError(f"chromadb is not installed: {exc}") from exc
        chroma_settings = ChromaSettings(anonymized_telemetry=False)
        try:
            if url:
                parsed = urlparse(url)
                self._client = chromadb.HttpClient(
                    host=parsed.hostname or "127.0.0.1",
                    port=parsed.port or 8000,
                    ssl=parsed.scheme == "https",
                    settings=chroma_settings,
                )
            else:
                assert path is not None
                path.mkdir(parents=True, exist_ok=True)
                self._client = chromadb.PersistentClient(path=str(path), settings=chroma_settings)
            self._collection = self._client.get_or_create_collection(
                COLLECTION, embedding_function=None, metadata={"hnsw:space": "cosine"}
            )
        except Exception as exc:
            where = url or str(path)
            raise DependencyError(f"cannot open the Chroma index at {where}: {exc}") from exc

    def upsert(self, chunks: Sequence[StoredChunk], embeddings: np.ndarray) -> None:
        for start in range(0, len(chunks), 1000):
            part = chunks[start : start + 1000]
            self._collection.upsert(
                ids=[c.chunk_id for c in part],
                embeddings=embeddings[start : start + len(part)],
                documents=[c.text for c in part],
                metadatas=[c.metadata for c in part],
            )

    def delete(self, chunk_ids: Sequence[str]) -> None:
        for start in range(0, len(chunk_ids), 1000):
            self._collection.delete(ids=list(chunk_ids[start : start + 1000]))

    def all(self, where: Where | None = None) -> list[StoredChunk]:
        # Paged: one huge get() exceeds SQLite's limit on bound variables.
        chunks: list[StoredChunk] = []
        offset = 0
        while True:
            result = self._collection.get(
                where=where, include=["documents", "metadatas"], limit=PAGE, offset=offset
            )
            chunks.extend(
                StoredChunk(i, d or "", dict(m or {}))
                for i, d, m in zip(
                    result["ids"],
                    result["documents"] or [],
                    result["metadatas"] or [],
                    strict=True,
                )
            )
            if len(result["ids"]) < PAGE:
                return chunks
            offset += PAGE

    def query(self, embedding: np.ndarray, k: int, where: Where | None = None) -> list[VectorHit]:
        total = self.count()
        if total == 0:
            return []
        result = self._collection.query(
            query_embeddings=embedding.reshape(1, -1),
            n_results=min(k, total),
            where=where,
            include=["documents", "metadatas", "distances"],
        )
        return [
            VectorHit(i, float(dist), doc or "", dict(meta or {}))
            for i, dist, doc, meta in zip(
                result["ids"][0],
                (result["distances"] or [[]])[0],
                (result["documents"] or [[]])[0],
                (result["metadatas"] or [[]])[0],
                strict=True,
            )
        ]

    def count(self) -> int:
        return int(self._collection.count())


def matches_where(metadata: dict[str, Any], where: Where | None) -> bool:
    if not where:
        return True
    for key, condition in where.items():
        if key == "$and":
            if not all(matches_where(metadata, part) for part in condition):
                return False
        elif isinstance(condition, dict):
            ((op, value),) = condition.items()
            if op == "$in" and metadata.get(key) not in value:
                return False
            if op == "$ne" and metadata.get(key) == value:
                return False
            if op == "$eq" and metadata.get(key) != value:
                return False
        elif metadata.get(key) != condition:
            return False
    return True


class MemoryVectorStore:
    """Deterministic in-memory twin of the Chroma store (brute-force cosine)."""

    def __init__(self) -> None:
        self._chunks: dict[str, StoredChunk] = {}
        self._vectors: dict[str, np.ndarray] = {}

    def upsert(self, chunks: Sequence[StoredChunk], embeddings: np.ndarray) -> None:
        for chunk, vector in zip(chunks, embeddings, strict=True):
            self._chunks[chunk.chunk_id] = chunk
            self._vectors[chunk.chunk_id] = np.asarray(vector, np.float32)

    def delete(self, chunk_ids: Sequence[str]) -> None:
        for chunk_id in chunk_ids:
            self._chunks.pop(chunk_id, None)
            self._vectors.pop(chunk_id, None)

    def all(self, where: Where | None = None) -> list[StoredChunk]:
        return [c for c in self._chunks.values() if matches_where(c.metadata, where)]

    def query(self, embedding: np.ndarray, k: int, where: Where | None = None) -> list[VectorHit]:
        hits = [
            VectorHit(
                c.chunk_id,
                1.0 - float(np.dot(self._vectors[c.chunk_id], embedding)),
                c.text,
                c.metadata,
            )
            for c in self.all(where)
        ]
        hits.sort(key=lambda h: (h.distance, h.chunk_id))
        return hits[:k]

    def count(self) -> int:
        return len(self._chunks)


def open_vector_store(home: Path, url: str = "", kind: str = "chroma") -> VectorStore:
    if kind == "memory":
        return MemoryVectorStore()
    return ChromaVectorStore(path=None if url else home / "chroma", url=url)
