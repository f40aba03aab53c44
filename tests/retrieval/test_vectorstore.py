"""Every vector store passes the same conformance suite: the in-memory twin, Chroma embedded
(PersistentClient) and Chroma as a `chroma run` server."""

from __future__ import annotations

import uuid
from pathlib import Path

import numpy as np
import pytest

from retrieval.vectorstore import ChromaVectorStore, MemoryVectorStore, VectorStore
from tests.support.conformance.vector_store import VectorStoreConformance


@pytest.mark.unit
class TestMemoryVectorStore(VectorStoreConformance):
    @pytest.fixture
    def vector_store(self) -> VectorStore:
        return MemoryVectorStore()


class TestChromaEmbedded(VectorStoreConformance):
    @pytest.fixture
    def vector_store(self, tmp_path: Path) -> VectorStore:
        return ChromaVectorStore(path=tmp_path / "chroma")


@pytest.mark.slow
class TestChromaServer(VectorStoreConformance):
    @pytest.fixture
    def vector_store(self, chroma_server: str) -> VectorStore:
        # A collection of its own per test: the server is shared by the whole run.
        return ChromaVectorStore(url=chroma_server, collection=f"t-{uuid.uuid4().hex[:12]}")


def test_a_handle_follows_a_collection_another_handle_rebuilt(tmp_path: Path) -> None:
    """Two workers share one index: after one compacts (rebuilds) the collection, the other
    reads and writes the new one instead of failing on the old one's id."""
    from tests.support.conformance.vector_store import CHUNKS, VECTORS

    first = ChromaVectorStore(path=tmp_path / "chroma")
    second = ChromaVectorStore(path=tmp_path / "chroma")
    first.upsert(CHUNKS, VECTORS)
    assert second.count() == 3
    first.delete([CHUNKS[2].chunk_id])
    first.compact()
    assert second.count() == 2
    second.upsert([CHUNKS[2]], VECTORS[2:])
    assert first.count() == 3


def test_compact_leaves_no_deleted_text_in_the_files(tmp_path: Path) -> None:
    from tests.support.conformance.vector_store import CHUNKS, VECTORS, StoredChunk

    store = ChromaVectorStore(path=tmp_path / "chroma")
    secret = StoredChunk("profile:E9:0", "SECRET-CV-MARK", {"entity_id": "E9"})
    store.upsert([*CHUNKS, secret], np.vstack([VECTORS, VECTORS[:1]]))
    store.delete([secret.chunk_id])
    store.compact()
    blobs = b"".join(p.read_bytes() for p in (tmp_path / "chroma").rglob("*") if p.is_file())
    assert b"SECRET-CV-MARK" not in blobs and b"profile:E9:0" not in blobs
