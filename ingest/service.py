"""Ingesting a path of any supported format: read and validate it whole, store it, infer the
requirements of job descriptions that declare none, then bring the search index in step."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from core.errors import UserError, ValidationError
from domain.text import is_identifier
from ingest.documents import SUFFIXES, Document, read_document
from ingest.extraction import extract_requirements
from ingest.frameworks import detect_format, read_esco, read_onet
from ingest.native_folder import MAX_ERRORS, ImportFailed, load_folder
from ingest.titles import (
    TitleCheck,
    Titled,
    check_bundle,
    existing_texts,
    existing_titles,
    without_clashes,
)
from retrieval.indexer import IndexReport
from retrieval.knowledge import Knowledge, Progress
from storage.store import LoadReport, Store

# (stage, done, total): what a long ingest is doing, for a progress bar
StageProgress = Callable[[str, int, int], None]


@dataclass
class IngestReport:
    path: str
    format: str
    load: LoadReport | None = None
    documents: list[dict[str, Any]] = field(default_factory=list)
    inferred: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    index: IndexReport | None = None
    # What a partial import could not do yet, and what to load to finish it.
    warnings: list[str] = field(default_factory=list)


class Ingestor:
    def __init__(self, store: Store, knowledge: Knowledge):
        self.store = store
        self.knowledge = knowledge

    def ingest(
        self,
        path: Path,
        fmt: str = "auto",
        kind: str = "auto",
        entity_id: str | None = None,
        replace: bool = False,
        index: bool = True,
        progress: StageProgress | None = None,
        front_matter_decides: bool = True,
    ) -> IngestReport:
        """`front_matter_decides=False` (uploads over the API): a document goes only where
        the uploader's `kind` and `entity_id` say; front matter that disagrees is an error,
        never a redirection."""
        fmt = detect_format(path) if fmt == "auto" else fmt
        report = IngestReport(path=str(path), format=fmt)
        if fmt == "native":
            report.load = load_folder(self.store, path, replace=replace)
        elif fmt in ("esco", "onet"):
            bundle = read_esco(path) if fmt == "esco" else read_onet(path)
            existing = self.store.existing_state()
            problems = check_bundle(bundle, existing)
            if problems:
                raise ImportFailed(
                    bundle.folder,
                    [
                        ValidationError(
                            p.message, file=p.titled.file, line=p.titled.line, field=p.titled.field
                        )
                        for p in problems[:MAX_ERRORS]
                    ],
                )
            report.warnings += without_clashes(bundle, existing)
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
            if not front_matter_decides:
                for document in documents:
                    _check_target(document, kind, entity_id)
            for document in documents:
                report.documents.append(self._store_document(document, kind, entity_id))
        else:
            raise UserError(f"unknown format '{fmt}' (auto, native, esco, onet, document)")
        self.knowledge.reset_normaliser()  # the framework may have changed

        def stage(name: str) -> Progress | None:
            return None if progress is None else lambda done, total: progress(name, done, total)

        with self.knowledge.reporting(stage("Embedding the framework")):
            # Built now, once, and kept (vectors in the store, matrices in the cache), so a
            # server or a `skills match` started later loads it instead of building it.
            _ = self.knowledge.normaliser
            report.inferred = self.infer_requirements()
        if not self.knowledge.normaliser.skills:
            waiting = len(self.store.job_descriptions())
            report.warnings.append(
                "no skills are loaded yet, so no requirements were read from "
                f"{waiting} job description(s); load a skills framework (skills.csv, ESCO's "
                "skills_en.csv, O*NET's Skills.txt or Technology Skills.txt) and they will be"
            )
        if index:
            report.index = self.knowledge.reindex(stage("Indexing"))
        return report

    def infer_requirements(self) -> dict[str, list[dict[str, Any]]]:
        """Extract requirements for roles that have a job description but none declared."""
        out: dict[str, list[dict[str, Any]]] = {}
        if not self.knowledge.normaliser.skills:
            return out  # nothing to read job descriptions against yet
        declared = {
            r.role_id for r in self.store.roles() if any(not q.inferred for q in r.requirements)
        }
        for role_id, (text, _source) in self.store.job_descriptions().items():
            if role_id in declared:
                continue
            found = extract_requirements(text, self.knowledge.normaliser)
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

    def _store_document(
        self, document: Document, kind: str, entity_id: str | None
    ) -> dict[str, Any]:
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
            _identifier(document, "employee_id", employee_id)
            self.store.save_profile(employee_id, document.text, source)
            return {"file": source, "kind": kind, "employee_id": employee_id}
        if kind != "job_description":
            raise UserError(f"unknown document kind '{kind}' (job_description, profile)")
        role_id = entity_id or str(meta.get("role_id") or "")
        if not role_id:
            raise UserError(
                f"{document.path}: a job description needs role_id (front matter or --role)"
            )
        _identifier(document, "role_id", role_id)
        title = str(meta.get("title") or "") or next(
            (line[2:].strip() for line in document.text.splitlines() if line.startswith("# ")), ""
        )
        if title:
            existing = self.store.existing_state()
            check = TitleCheck(
                existing.people,
                existing_titles(existing),
                [*existing_texts(existing), document.text],
            )
            field = "title" if meta.get("title") else "heading"
            problem = check.problem(Titled(document.path.name, 1, field, "role", role_id, title))
            if problem:
                raise ValidationError(problem, file=document.path.name, field=field)
        created = self.store.save_job_description(
            role_id, document.text, source, title, str(meta.get("department") or "")
        )
        return {"file": source, "kind": kind, "role_id": role_id, "created_role": created}


def _check_target(document: Document, kind: str, entity_id: str | None) -> None:
    """An upload names its kind and target; front matter may agree, never redirect."""
    if kind not in ("job_description", "profile") or not entity_id:
        raise UserError(
            f"{document.path.name}: say what the document is and whom it is for "
            "(kind job_description with a role id, or profile with an employee id)"
        )
    for key, key_kind in (("employee_id", "profile"), ("role_id", "job_description")):
        named = str(document.meta.get(key) or "")
        if named and (key_kind != kind or named != entity_id):
            raise UserError(
                f"{document.path.name}: its front matter says {key}: {named}, but it was "
                f"uploaded as {kind.replace('_', ' ')} for {entity_id}; nothing was stored. "
                "Correct the upload or the file."
            )


def _identifier(document: Document, field: str, value: str) -> None:
    if not is_identifier(value):
        raise UserError(
            f"{document.path.name}: {field} '{value[:60]}' is not an id "
            "(letters, digits and _ . : - only)"
        )
