"""Every vector store passes the same conformance suite: the in-memory twin, Chroma embedded
(PersistentClient) and Chroma as a `chroma run` server."""

from __future__ import annotations

import uuid
from pathlib import Path

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
