"""Hybrid search (retrieval/search.py): filters before ranking, on the deterministic twins."""

from __future__ import annotations

import pytest

from core.errors import UserError
from retrieval.embeddings import HashEmbedder
from retrieval.indexer import Indexer
from retrieval.search import HybridSearcher, build_filter
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


def test_search_filters_before_ranking_and_names_entities() -> None:
    _indexer, vectors = _index()
    searcher = HybridSearcher(vectors, HashEmbedder())
    hits = searcher.search("Spark expert", top_k=3)
    assert hits and len({(h.type, h.id) for h in hits}) == len(hits)  # one hit per entity
    only_skills = searcher.search("Spark expert", top_k=10, where=build_filter(doc_types=["skill"]))
    assert only_skills and {h.type for h in only_skills} == {"skill"}
    assert only_skills[0].id == "spark"
    nobody = searcher.search("ZEBRA-MARKER", top_k=10, where=build_filter(owners=["C"]))
    assert all(h.id != "B" for h in nobody)
    for mode in ("dense", "bm25"):
        assert searcher.search("Spark", top_k=2, mode=mode)
    with pytest.raises(UserError, match="unknown search mode"):
        searcher.search("x", mode="magic")
