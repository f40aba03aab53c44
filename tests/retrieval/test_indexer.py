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


def test_new_chunks_are_written_before_old_ones_go() -> None:
    class FailingDelete(MemoryVectorStore):
        def delete(self, chunk_ids):  # type: ignore[no-untyped-def]
            raise RuntimeError("store down")

    vectors = FailingDelete()
    indexer = Indexer(vectors, HashEmbedder())
    org = make_org()
    indexer.sync_org(org, {"de": (JD, "de.md")}, {})
    renamed = JD.replace("Must have", "Requirements").split("## Nice to have")[0]
    with pytest.raises(RuntimeError):  # the obsolete nice-to-have chunk cannot be deleted
        indexer.sync_org(org, {"de": (renamed, "de.md")}, {})
    role_chunks = [c for c in vectors.all() if c.metadata["entity_id"] == "de"]
    assert any("Requirements" in c.text for c in role_chunks)  # new content is in


def test_forget_removes_every_chunk_of_the_person() -> None:
    indexer, vectors = _index()
    assert any("ZEBRA-MARKER" in c.text for c in vectors.all())
    removed = indexer.forget_employee("B")
    assert removed == 2  # profile summary + free-text profile
    assert not any("ZEBRA-MARKER" in c.text for c in vectors.all())
    assert not any(c.metadata["owner_employee_id"] == "B" for c in vectors.all())
    assert not any(c.chunk_id.startswith("profile:B:") for c in vectors.all())
