"""The retrieval service: the store, the index, search and normalisation, wired from Settings.

Heavy parts (the embedding model, Chroma, the BM25 index) are created on first use and
kept for the life of the process.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from core.errors import UserError
from core.settings import Settings
from domain.org import Org
from retrieval.documents import SUFFIXES, read_document
from retrieval.embeddings import Embedder, get_embedder
from retrieval.extraction import extract_requirements
from retrieval.frameworks import detect_format, read_esco, read_onet
from retrieval.indexer import Indexer, IndexReport
from retrieval.normalise import MatchResult, SkillNormaliser
from retrieval.search import HybridSearcher, SearchHit, build_filter
from storage.store import LoadReport, Store
from retrieval.vectorstore import VectorStore, open_vector_store

log = logging.getLogger(__name__)
Progress = Callable[[int, int], None]


@dataclass
class IngestReport:
    path: str
    format: str
    load: LoadReport | None = None
    documents: list[dict[str, Any]] = field(default_factory=list)
    inferred: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    index: IndexReport | None = None


class Knowledge:
    def __init__(self, settings: Settings, store: Store | None = None):
        self.settings = settings
        self.store = store or Store.from_settings(settings)
        self._org: Org | None = None
        self._org_version = -1

    @cached_property
    def embedder(self) -> Embedder:
        return get_embedder(self.settings.embedder)

    @cached_property
    def vectors(self) -> VectorStore:
        return open_vector_store(
            self.settings.home, self.settings.chroma_url, self.settings.vector_store
        )

    @cached_property
    def indexer(self) -> Indexer:
        return Indexer(self.vectors, self.embedder)

    @cached_property
    def searcher(self) -> HybridSearcher:
        return HybridSearcher(self.vectors, self.embedder)

    @cached_property
    def normaliser(self) -> SkillNormaliser:
        return SkillNormaliser(self.store.skills(), self.embedder, self.settings.match_threshold)

    def org(self) -> Org:
        """The organisation in memory, reloaded only when the store's data changed (one
        cheap query per call), so a serving process answers from a warm copy."""
        version = self.store.data_version()
        if self._org is None or self._org_version != version:
            self._org = self.store.load_org(self.settings.as_of, self.settings.stale_after_months)
            self._org_version = version
        return self._org

    # ------------------------------------------------------------------ index

    def infer_requirements(self) -> dict[str, list[dict[str, Any]]]:
        """Extract requirements for roles that have a job description but none declared."""
        out: dict[str, list[dict[str, Any]]] = {}
        declared = {
            r.role_id for r in self.store.roles() if any(not q.inferred for q in r.requirements)
        }
        for role_id, (text, _source) in self.store.job_descriptions().items():
            if role_id in declared:
                continue
            found = extract_requirements(text, self.normaliser)
            self.store.set_inferred_requirements(role_id, found)
            out[role_id] = [
                {
                    "skill_id": q.skill_id,
                    "level": q.level,
                    "importance": q.importance,
                    "confidence": q.confidence,
                    "evidence": q.evidence,
                }
                for q in found
            ]
        return out

    def reindex(self, progress: Progress | None = None) -> IndexReport:
        report = self.indexer.sync_org(
            self.org(), self.store.job_descriptions(), self.store.profiles(), progress
        )
        self.searcher.refresh()
        return report

    # ------------------------------------------------------------------ queries

    def search(
        self,
        query: str,
        top_k: int = 10,
        doc_types: Sequence[str] | None = None,
        mode: str = "hybrid",
        department: str | None = None,
        team: str | None = None,
    ) -> list[SearchHit]:
        where = build_filter(doc_types=doc_types, department=department, team=team)
        return self.searcher.search(query, top_k, where, mode)

    def match_skills(self, phrases: Sequence[str], top_k: int = 5) -> list[MatchResult]:
        return self.normaliser.match(phrases, top_k)

    def normaliser_match(self, phrase: str) -> str | None:
        """The one skill a phrase names, or None (for resolving names in questions)."""
        return self.normaliser.match_one(phrase).match

    # ------------------------------------------------------------------ ingest

    def ingest(
        self,
        path: Path,
        fmt: str = "auto",
        kind: str = "auto",
        entity_id: str | None = None,
        replace: bool = False,
        index: bool = True,
        progress: Progress | None = None,
    ) -> IngestReport:
        fmt = detect_format(path) if fmt == "auto" else fmt
        report = IngestReport(path=str(path), format=fmt)
        if fmt == "native":
            report.load = self.store.load_folder(path, replace=replace)
        elif fmt in ("esco", "onet"):
            bundle = read_esco(path) if fmt == "esco" else read_onet(path)
            report.load = self.store.apply(bundle)
        elif fmt in ("document", "documents"):
            files = (
                [path]
                if path.is_file()
                else sorted(p for p in path.iterdir() if p.suffix.lower() in SUFFIXES)
            )
            if not files:
                raise UserError(f"{path}: no documents ({', '.join(sorted(SUFFIXES))})")
            # Read (and fail) before anything is stored.
            documents = [read_document(p) for p in files]
            for document in documents:
                report.documents.append(self._store_document(document, kind, entity_id))
        else:
            raise UserError(f"unknown format '{fmt}' (auto, native, esco, onet, document)")
        self.__dict__.pop("normaliser", None)  # the framework may have changed
        report.inferred = self.infer_requirements()
        if index:
            report.index = self.reindex(progress)
        return report

    def _store_document(self, document: Any, kind: str, entity_id: str | None) -> dict[str, Any]:
        meta = document.meta
        if kind == "auto":
            kind = "profile" if meta.get("employee_id") else "job_description"
        source = document.path.name
        if kind == "profile":
            employee_id = entity_id or str(meta.get("employee_id") or "")
            if not employee_id:
                raise UserError(
                    f"{document.path}: a profile needs employee_id (front matter or --employee)"
                )
            self.store.save_profile(employee_id, document.text, source)
            return {"file": source, "kind": kind, "employee_id": employee_id}
        if kind != "job_description":
            raise UserError(f"unknown document kind '{kind}' (job_description, profile)")
        role_id = entity_id or str(meta.get("role_id") or "")
        if not role_id:
            raise UserError(
                f"{document.path}: a job description needs role_id (front matter or --role)"
            )
        title = str(meta.get("title") or "") or next(
            (line[2:].strip() for line in document.text.splitlines() if line.startswith("# ")), ""
        )
        created = self.store.save_job_description(
            role_id, document.text, source, title, str(meta.get("department") or "")
        )
        return {"file": source, "kind": kind, "role_id": role_id, "created_role": created}

    # ------------------------------------------------------------------ erasure

    def forget_employee(self, employee_id: str) -> int:
        """Erase a person from the store and the index; returns chunks removed."""
        self.store.forget_employee(employee_id)
        removed = self.indexer.forget_employee(employee_id)
        self.searcher.refresh()
        return removed
