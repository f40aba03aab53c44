"""Where chunk vectors live. Chroma for real (embedded PersistentClient, or a `chroma run`
server over HTTP); an in-memory twin for unit tests. We always pass our own embeddings:
Chroma's default embedding function would download a model.

Filters use a small subset of Chroma's `where` language that both back ends understand:
`{field: value}`, `{field: {"$in": [..]}}`, `{field: {"$ne": value}}` and `{"$and": [...]}`.
"""

from __future__ import annotations

import contextlib
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


class VectorStore(Protocol):
    def upsert(self, chunks: Sequence[StoredChunk], embeddings: np.ndarray) -> None: ...
    def delete(self, chunk_ids: Sequence[str]) -> None: ...
    def all(self, where: Where | None = None) -> list[StoredChunk]: ...
    def snapshot(self) -> tuple[list[StoredChunk], np.ndarray]: ...
    def count(self) -> int: ...
    def compact(self) -> None:
        """Leave no trace of deleted chunks in the store's files (after an erasure)."""
        ...

    def clear(self) -> None:
        """Drop every chunk, and the dimension vectors had (another model's come next)."""
        ...


class ChromaVectorStore:
    def __init__(self, path: Path | None = None, url: str = "", collection: str = COLLECTION):
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
            self._name = collection
            self._path = path if not url else None
            self._collection = self._open(collection)
        except Exception as exc:
            where = url or str(path)
            raise DependencyError(f"cannot open the Chroma index at {where}: {exc}") from exc

    def _live(self) -> Any:
        """The collection, reopened if another process rebuilt it (compact) since."""
        from chromadb.errors import NotFoundError

        try:
            self._collection.count()
        except NotFoundError:
            self._collection = self._open(self._name)
        return self._collection

    def _open(self, name: str) -> Any:
        return self._client.get_or_create_collection(
            name, embedding_function=None, metadata={"hnsw:space": "cosine"}
        )

    def compact(self) -> None:
        """Chroma keeps every write in its log (embeddings_queue: texts and vectors) even
        after a delete. Rebuild the collection from what is live, under a new name first so
        a failure leaves the old one whole, then rewrite the embedded database file. A
        `chroma run` server's own files are its operator's to vacuum (docs/security.md)."""
        chunks, vectors = self.snapshot()
        fresh_name = f"{self._name}-rebuild"
        with contextlib.suppress(Exception):  # a leftover of a failed rebuild, usually none
            self._client.delete_collection(fresh_name)
        fresh = self._open(fresh_name)
        for start in range(0, len(chunks), 1000):
            part = chunks[start : start + 1000]
            fresh.add(
                ids=[c.chunk_id for c in part],
                embeddings=vectors[start : start + len(part)],
                documents=[c.text for c in part],
                metadatas=[c.metadata or None for c in part],
            )
        self._client.delete_collection(self._name)
        fresh.modify(name=self._name)
        self._collection = self._open(self._name)
        if self._path is not None:
            _vacuum(self._path / "chroma.sqlite3")

    def clear(self) -> None:
        # A collection keeps the dimension of its first vectors: only a new one takes
        # another model's.
        with contextlib.suppress(Exception):  # already gone (another process cleared it)
            self._client.delete_collection(self._name)
        self._collection = self._open(self._name)
        if self._path is not None:
            _vacuum(self._path / "chroma.sqlite3")

    def upsert(self, chunks: Sequence[StoredChunk], embeddings: np.ndarray) -> None:
        for start in range(0, len(chunks), 1000):
            part = chunks[start : start + 1000]
            self._live().upsert(
                ids=[c.chunk_id for c in part],
                embeddings=embeddings[start : start + len(part)],
                documents=[c.text for c in part],
                metadatas=[c.metadata for c in part],
            )

    def delete(self, chunk_ids: Sequence[str]) -> None:
        for start in range(0, len(chunk_ids), 1000):
            self._live().delete(ids=list(chunk_ids[start : start + 1000]))

    def all(self, where: Where | None = None) -> list[StoredChunk]:
        # Paged: one huge get() exceeds SQLite's limit on bound variables.
        chunks: list[StoredChunk] = []
        offset = 0
        while True:
            result = self._live().get(
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

    def snapshot(self) -> tuple[list[StoredChunk], np.ndarray]:
        """Every chunk with its vector (paged), for an in-process searcher."""
        chunks: list[StoredChunk] = []
        vectors: list[np.ndarray] = []
        offset = 0
        while True:
            result = self._live().get(
                include=["documents", "metadatas", "embeddings"], limit=PAGE, offset=offset
            )
            ids = result["ids"]
            chunks.extend(
                StoredChunk(i, d or "", dict(m or {}))
                for i, d, m in zip(
                    ids, result["documents"] or [], result["metadatas"] or [], strict=True
                )
            )
            if ids:
                vectors.append(np.asarray(result["embeddings"], dtype=np.float32))
            if len(ids) < PAGE:
                break
            offset += PAGE
        matrix = np.vstack(vectors) if vectors else np.zeros((0, 0), np.float32)
        return chunks, matrix

    def count(self) -> int:
        return int(self._live().count())


def _vacuum(database: Path) -> None:
    """Rewrite Chroma's SQLite file so deleted rows leave no bytes in free pages."""
    import sqlite3

    if not database.exists():
        return
    connection = sqlite3.connect(database, timeout=30, isolation_level=None)
    try:
        connection.execute("PRAGMA secure_delete=ON")
        connection.execute("VACUUM")
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        connection.close()


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
    """Deterministic in-memory twin of the Chroma store."""

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

    def snapshot(self) -> tuple[list[StoredChunk], np.ndarray]:
        chunks = list(self._chunks.values())
        if not chunks:
            return [], np.zeros((0, 0), np.float32)
        return chunks, np.vstack([self._vectors[c.chunk_id] for c in chunks])

    def count(self) -> int:
        return len(self._chunks)

    def compact(self) -> None:
        """Nothing to do: deleted chunks are gone from memory."""

    def clear(self) -> None:
        self._chunks.clear()
        self._vectors.clear()


def open_vector_store(home: Path, url: str = "", kind: str = "chroma") -> VectorStore:
    if kind == "memory":
        return MemoryVectorStore()
    return ChromaVectorStore(path=None if url else home / "chroma", url=url)
