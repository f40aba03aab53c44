"""Keeping the index in step with the store (retrieval/indexer.py), on the in-memory twin."""

from __future__ import annotations

import pytest

from retrieval.embeddings import HashEmbedder
from retrieval.indexer import Indexer
from retrieval.vectorstore import MemoryVectorStore
from tests.support.handmade_org import make_org

pytestmark = pytest.mark.unit


JD = """# Data Engineer

## About the role
You build pipelines.

## Must have
- 5+ years of Python
- Expert in Spark
* familiar with Kubernetes

## Nice to have
1. Coaching juniors
"""


def _index(jd: str = JD) -> tuple[Indexer, MemoryVectorStore]:
    vectors = MemoryVectorStore()
    indexer = Indexer(vectors, HashEmbedder())
    org = make_org()
    indexer.sync_org(org, {"de": (jd, "de.md")}, {"B": ("Ben is a ZEBRA-MARKER person.", "b.md")})
    return indexer, vectors


def test_sync_is_idempotent_and_replaces_only_changed_chunks() -> None:
    indexer, vectors = _index()
    total = vectors.count()
    org = make_org()
    again = indexer.sync_org(
        org, {"de": (JD, "de.md")}, {"B": ("Ben is a ZEBRA-MARKER person.", "b.md")}
    )
    assert (again.written, again.deleted, again.unchanged) == (0, 0, total)
    shorter = JD.split("## Nice to have")[0]
    changed = indexer.sync_org(
        org, {"de": (shorter, "de.md")}, {"B": ("Ben is a ZEBRA-MARKER person.", "b.md")}
    )
    assert changed.deleted == 1  # the nice-to-have chunk
    assert changed.written == 0  # the other chunks are byte-identical
    assert vectors.count() == total - 1


def test_obsolete_chunks_go_before_new_ones_are_written() -> None:
    """A sync that dies half-way must not leave searchable what the store no longer holds."""

    class FailingWrites(MemoryVectorStore):
        broken = False

        def upsert(self, chunks, embeddings):  # type: ignore[no-untyped-def]
            if self.broken:
                raise RuntimeError("store down")
            super().upsert(chunks, embeddings)

    vectors = FailingWrites()
    indexer = Indexer(vectors, HashEmbedder())
    org = make_org()
    indexer.sync_org(org, {"de": (JD, "de.md")}, {})
    assert any("Nice to have" in c.metadata.get("section", "") for c in vectors.all())
    vectors.broken = True
    renamed = JD.replace("Must have", "Requirements").split("## Nice to have")[0]
    with pytest.raises(RuntimeError):  # the new chunks cannot be written
        indexer.sync_org(org, {"de": (renamed, "de.md")}, {})
    role_chunks = [c for c in vectors.all() if c.metadata["entity_id"] == "de"]
    assert role_chunks  # unchanged chunks stay
    assert not any("Nice to have" in c.metadata.get("section", "") for c in role_chunks)


def test_forget_removes_every_chunk_of_the_person() -> None:
    indexer, vectors = _index()
    assert any("ZEBRA-MARKER" in c.text for c in vectors.all())
    removed = indexer.forget_employee("B")
    assert removed == 2  # profile summary + free-text profile
    assert not any("ZEBRA-MARKER" in c.text for c in vectors.all())
    assert not any(c.metadata["owner_employee_id"] == "B" for c in vectors.all())
    assert not any(c.chunk_id.startswith("profile:B:") for c in vectors.all())
