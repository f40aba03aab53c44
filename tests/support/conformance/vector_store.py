"""What every `retrieval.vectorstore.VectorStore` must do. A subclass provides the
`vector_store` fixture: an empty store."""

from __future__ import annotations

import numpy as np
import pytest

from retrieval.vectorstore import StoredChunk, VectorStore


def _chunk(chunk_id: str, text: str, **metadata: object) -> StoredChunk:
    return StoredChunk(chunk_id, text, {"entity_id": chunk_id.split(":")[1], **metadata})


def _vectors(*rows: list[float]) -> np.ndarray:
    matrix = np.asarray(rows, dtype=np.float32)
    return matrix / np.linalg.norm(matrix, axis=1, keepdims=True)


CHUNKS = [
    _chunk("skill:python:0", "Python programming", type="skill"),
    _chunk("role:ml-engineer:0", "ML Engineer builds models", type="role"),
    _chunk("profile:E1:0", "Dana's profile", type="profile", owner="E1"),
]
VECTORS = _vectors([1, 0, 0], [0, 1, 0], [0, 0, 1])


class VectorStoreConformance:
    @pytest.fixture
    def vector_store(self) -> VectorStore:  # pragma: no cover - overridden
        raise NotImplementedError

    def test_an_empty_store_counts_zero(self, vector_store: VectorStore) -> None:
        assert vector_store.count() == 0
        assert vector_store.all() == []
        chunks, _matrix = vector_store.snapshot()
        assert chunks == []

    def test_upsert_then_read_back_text_and_metadata(self, vector_store: VectorStore) -> None:
        vector_store.upsert(CHUNKS, VECTORS)
        assert vector_store.count() == 3
        by_id = {c.chunk_id: c for c in vector_store.all()}
        assert by_id["profile:E1:0"].text == "Dana's profile"
        assert by_id["profile:E1:0"].metadata == {
            "entity_id": "E1",
            "type": "profile",
            "owner": "E1",
        }

    def test_clear_drops_everything_and_takes_another_dimension(
        self, vector_store: VectorStore
    ) -> None:
        vector_store.upsert(CHUNKS, VECTORS)
        vector_store.clear()
        assert vector_store.count() == 0 and vector_store.all() == []
        wider = _vectors([1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 1])
        vector_store.upsert(CHUNKS, wider)
        assert vector_store.snapshot()[1].shape == (3, 4)

    def test_upsert_replaces_by_id(self, vector_store: VectorStore) -> None:
        vector_store.upsert(CHUNKS, VECTORS)
        changed = StoredChunk(
            "skill:python:0", "Python 3", {"entity_id": "python", "type": "skill"}
        )
        vector_store.upsert([changed], _vectors([1, 1, 0]))
        assert vector_store.count() == 3
        by_id = {c.chunk_id: c for c in vector_store.all()}
        assert by_id["skill:python:0"].text == "Python 3"

    def test_snapshot_pairs_each_chunk_with_its_vector(self, vector_store: VectorStore) -> None:
        vector_store.upsert(CHUNKS, VECTORS)
        chunks, matrix = vector_store.snapshot()
        assert matrix.shape == (3, 3)
        expected = {c.chunk_id: v for c, v in zip(CHUNKS, VECTORS, strict=True)}
        for chunk, row in zip(chunks, matrix, strict=True):
            np.testing.assert_allclose(row, expected[chunk.chunk_id], atol=1e-6)

    def test_where_filters_by_equality_and_in(self, vector_store: VectorStore) -> None:
        vector_store.upsert(CHUNKS, VECTORS)
        assert {c.chunk_id for c in vector_store.all({"type": "role"})} == {"role:ml-engineer:0"}
        both = vector_store.all({"type": {"$in": ["skill", "profile"]}})
        assert {c.chunk_id for c in both} == {"skill:python:0", "profile:E1:0"}
        assert vector_store.all({"entity_id": "nobody"}) == []

    def test_delete_removes_exactly_the_ids_given(self, vector_store: VectorStore) -> None:
        vector_store.upsert(CHUNKS, VECTORS)
        vector_store.delete(["profile:E1:0", "never-stored"])
        assert {c.chunk_id for c in vector_store.all()} == {"skill:python:0", "role:ml-engineer:0"}
        assert vector_store.count() == 2

    def test_compact_keeps_what_is_live_and_searchable(self, vector_store: VectorStore) -> None:
        vector_store.upsert(CHUNKS, VECTORS)
        vector_store.delete(["profile:E1:0"])
        vector_store.compact()
        assert {c.chunk_id for c in vector_store.all()} == {c.chunk_id for c in CHUNKS[:2]}
        assert vector_store.all({"type": "role"})[0].text == "ML Engineer builds models"
        chunks, matrix = vector_store.snapshot()
        by_id = dict(zip([c.chunk_id for c in chunks], matrix, strict=True))
        assert np.allclose(by_id["skill:python:0"], VECTORS[0], atol=1e-6)
        vector_store.upsert([CHUNKS[2]], VECTORS[2:])  # and it still takes writes
        assert vector_store.count() == 3
