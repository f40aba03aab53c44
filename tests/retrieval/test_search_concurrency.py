"""Search under concurrent change: every query is answered from one snapshot taken whole, so
searches racing uploads and deletions never fail, and a snapshot is built once, not once per
waiting request."""

from __future__ import annotations

import threading
import time
from typing import Any

import numpy as np
import pytest

from retrieval.embeddings import HashEmbedder
from retrieval.search import HybridSearcher
from retrieval.vectorstore import MemoryVectorStore, StoredChunk

pytestmark = pytest.mark.unit

EMBEDDER = HashEmbedder()


def _chunks(n: int, tag: str) -> list[StoredChunk]:
    return [
        StoredChunk(
            f"role:{tag}{i}:0",
            f"{tag} role {i} needs Spark and SQL",
            {"doc_type": "role", "entity_id": f"{tag}{i}", "title": f"{tag} {i}"},
        )
        for i in range(n)
    ]


def _add(store: MemoryVectorStore, chunks: list[StoredChunk]) -> None:
    store.upsert(chunks, EMBEDDER.embed([c.text for c in chunks]))


def test_searches_racing_uploads_and_deletions_never_fail() -> None:
    store = MemoryVectorStore()
    _add(store, _chunks(200, "base"))
    searcher = HybridSearcher(store, EMBEDDER)
    errors: list[BaseException] = []
    done = threading.Event()

    def search() -> None:
        while not done.is_set():
            try:
                for mode in ("hybrid", "dense", "bm25"):
                    searcher.search("Spark SQL role", top_k=5, mode=mode)
            except BaseException as exc:
                errors.append(exc)
                return

    def churn() -> None:
        for round_ in range(40):
            batch = _chunks(150, f"r{round_}x")
            _add(store, batch)
            searcher.refresh()
            store.delete([c.chunk_id for c in batch])
            searcher.refresh()
            store.delete([f"role:base{i}:0" for i in range(round_ * 5, round_ * 5 + 5)])
            searcher.refresh()
        done.set()

    threads = [threading.Thread(target=search) for _ in range(4)]
    writer = threading.Thread(target=churn)
    for t in [*threads, writer]:
        t.start()
    writer.join(120)
    done.set()
    for t in threads:
        t.join(30)
    assert not errors, repr(errors[:3])


def test_a_snapshot_is_built_once_for_requests_that_arrive_together(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    store = MemoryVectorStore()
    _add(store, _chunks(50, "base"))
    searcher = HybridSearcher(store, EMBEDDER)
    calls: list[int] = []
    take = store.snapshot

    def slow_snapshot() -> tuple[list[StoredChunk], np.ndarray]:
        calls.append(1)
        time.sleep(0.2)
        return take()

    monkeypatch.setattr(store, "snapshot", slow_snapshot)
    barrier = threading.Barrier(8)
    results: list[Any] = []

    def first_search() -> None:
        barrier.wait()
        results.append(searcher.search("Spark", top_k=3))

    threads = [threading.Thread(target=first_search) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert len(calls) == 1 and len(results) == 8 and all(results)
