"""Keeping the vector index in step with the structured store.

Idempotent and safe: chunk ids are stable (doc_type:entity_id:number) and carry a content
hash, so unchanged chunks are never re-embedded or re-written. Obsolete chunks are removed
*first*: a sync that fails half-way may leave an entity's text not yet updated, but never
leaves searchable what the store no longer holds (a person erased, a role deleted).
Forgetting a person removes every chunk they own.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import numpy as np

from core.faults import crash_point
from domain.org import Org
from retrieval.chunking import Chunk, org_chunks
from retrieval.embeddings import Embedder
from retrieval.overlap import computed_ahead
from retrieval.vectorstore import StoredChunk, VectorStore

log = logging.getLogger(__name__)

EMBED_BATCH = 256


@dataclass
class IndexReport:
    written: int = 0
    deleted: int = 0
    unchanged: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.written or self.deleted)


PERSONAL = frozenset({"profile"})  # chunks about a person: never embedded through a cache


class Indexer:
    def __init__(
        self,
        vectors: VectorStore,
        embedder: Embedder,
        framework_embedder: Embedder | None = None,
        overlap: bool = True,
    ):
        """`framework_embedder` embeds the chunks that are not about a person (a cached
        embedder: the normaliser and later processes reuse what it computed). `overlap`:
        embed the next batch while this one is written (retrieval/overlap.py)."""
        self.vectors = vectors
        self.embedder = embedder
        self.framework_embedder = framework_embedder or embedder
        self.overlap = overlap

    def sync(
        self,
        chunks: Iterable[Chunk],
        progress: Callable[[int, int], None] | None = None,
    ) -> IndexReport:
        """Make the index hold exactly `chunks` (the whole corpus)."""
        wanted = {c.chunk_id: c for c in chunks}
        stored = {c.chunk_id: c.metadata.get("content_hash") for c in self.vectors.all()}
        report = IndexReport()
        todo = [c for cid, c in wanted.items() if stored.get(cid) != c.content_hash]
        # personal chunks last, each kind embedded by its own embedder
        todo.sort(key=lambda c: c.doc_type in PERSONAL)
        report.unchanged = len(wanted) - len(todo)
        obsolete = [cid for cid in stored if cid not in wanted]
        if obsolete:
            self.vectors.delete(obsolete)
        report.deleted = len(obsolete)
        crash_point("index.deleted")
        batches = [todo[start : start + EMBED_BATCH] for start in range(0, len(todo), EMBED_BATCH)]
        for batch, vectors in computed_ahead(batches, self._embed, self.overlap):
            self.vectors.upsert(
                [StoredChunk(c.chunk_id, c.text, c.full_metadata()) for c in batch], vectors
            )
            report.written += len(batch)
            crash_point("index.batch")
            if progress:
                progress(report.written, len(todo))
        log.info("index synced", extra=vars(report))
        return report

    def _embed(self, batch: list[Chunk]) -> np.ndarray:
        vectors = np.zeros((len(batch), self.embedder.dim), np.float32)
        for personal, embedder in ((False, self.framework_embedder), (True, self.embedder)):
            rows = [i for i, c in enumerate(batch) if (c.doc_type in PERSONAL) == personal]
            if rows:
                vectors[rows] = embedder.embed([batch[i].text for i in rows])
        return vectors

    def sync_org(
        self,
        org: Org,
        job_descriptions: dict[str, tuple[str, str]],
        profiles: dict[str, tuple[str, str]],
        progress: Callable[[int, int], None] | None = None,
    ) -> IndexReport:
        return self.sync(org_chunks(org, job_descriptions, profiles), progress)

    def forget_employee(self, employee_id: str) -> int:
        """Remove every chunk about or owned by the person; returns how many."""
        ids = {c.chunk_id for c in self.vectors.all({"owner_employee_id": employee_id})} | {
            c.chunk_id
            for c in self.vectors.all(
                {"$and": [{"doc_type": "profile"}, {"entity_id": employee_id}]}
            )
        }
        if ids:
            self.vectors.delete(sorted(ids))
        return len(ids)
