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

from domain.org import Org
from retrieval.chunking import Chunk, org_chunks
from retrieval.embeddings import Embedder
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


class Indexer:
    def __init__(self, vectors: VectorStore, embedder: Embedder):
        self.vectors = vectors
        self.embedder = embedder

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
        report.unchanged = len(wanted) - len(todo)
        obsolete = [cid for cid in stored if cid not in wanted]
        if obsolete:
            self.vectors.delete(obsolete)
        report.deleted = len(obsolete)
        for start in range(0, len(todo), EMBED_BATCH):
            batch = todo[start : start + EMBED_BATCH]
            vectors = self.embedder.embed([c.text for c in batch])
            self.vectors.upsert(
                [StoredChunk(c.chunk_id, c.text, c.full_metadata()) for c in batch], vectors
            )
            report.written += len(batch)
            if progress:
                progress(report.written, len(todo))
        log.info("index synced", extra=vars(report))
        return report

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
