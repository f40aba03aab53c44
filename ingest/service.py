"""Ingesting a path of any supported format: read and validate it whole, store it, infer the
requirements of job descriptions that declare none, then bring the search index in step."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any, Literal

from core.errors import NotFoundError, UserError, ValidationError
from core.faults import crash_point
from domain.models import Requirement
from domain.text import is_identifier
from ingest.documents import SUFFIXES, Document, read_document
from ingest.extraction import extract_requirements
from ingest.frameworks import detect_format, read_esco, read_onet
from ingest.initiatives import InitiativeFile, competencies_of, read_initiatives
from ingest.native_folder import MAX_ERRORS, ImportFailed, read_native_folder
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
from storage.bundle import Bundle, ExistingState
from storage.store import LoadReport, Store

# (stage, done, total): what a long ingest is doing, for a progress bar
StageProgress = Callable[[str, int, int], None]
# Which job descriptions to read: every one ("all") or these roles'
Infer = Literal["all"] | list[str]


@dataclass
class IngestReport:
    path: str
    format: str
    load: LoadReport | None = None
    documents: list[dict[str, Any]] = field(default_factory=list)
    inferred: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    initiatives: dict[str, str] = field(default_factory=dict)  # id -> created, updated…
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
        """Read and check everything first; then, as tracked work (storage/pending.py), store
        it, read the requirements of the job descriptions it touched, and bring the index in
        step. A process killed on the way leaves its work written down, and the next one to
        start finishes it, so the store and the index agree again whatever step it stopped at.

        `front_matter_decides=False` (uploads over the API): a document goes only where the
        uploader's `kind` and `entity_id` say; front matter that disagrees is an error, never a
        redirection."""
        fmt = detect_format(path) if fmt == "auto" else fmt
        report = IngestReport(path=str(path), format=fmt)
        if progress is not None:
            progress("Reading and checking the files", 0, 0)
        if fmt == "native":
            settings = self.knowledge.settings
            sides = (settings.hr_departments, settings.it_departments)
            bundle = read_native_folder(path, self.store.existing_state(), replace, sides)
            teams = {e.team for e in bundle.employees or []} | {
                e.team for e in self.store.employees()
            }
            initiatives = read_initiatives(path, teams)  # checked before anything is stored
            apply: Callable[[], None] = partial(self._apply, report, bundle, replace)
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
            apply = partial(self._apply, report, bundle)
        elif fmt in ("document", "documents"):
            documents = self._read_documents(path, kind, entity_id, front_matter_decides)
            apply = partial(self._store_documents, report, documents)
        else:
            raise UserError(f"unknown format '{fmt}' (auto, native, esco, onet, document)")
        infer: Infer = (
            "all"
            if fmt != "document" and fmt != "documents"
            else [d.target for d in documents if d.kind == "job_description"]
        )
        crash_point("ingest.read")
        with self.store.pending.tracked("ingest", {"infer": infer, "index": index}):
            crash_point("ingest.marked")
            if progress is not None:
                progress("Storing the records", 0, 0)
            apply()
            crash_point("ingest.stored")
            if fmt == "native" and report.load and not _framework_changed(report.load):
                infer = []  # people, assertions or resources only: no job description to read
            self._finish(report, infer, index, progress)
            if fmt == "native":
                report.initiatives = self.store_initiatives(initiatives)
        crash_point("ingest.done")
        return report

    def store_initiatives(
        self, initiatives: list[InitiativeFile], actor: str = "load"
    ) -> dict[str, str]:
        """Each initiative stored; its competencies read from its text (a text unchanged
        keeps the competencies as reviewed). Returns what happened to each."""
        known = {s.skill_id for s in self.store.skills()}
        outcomes = {}
        for item in initiatives:
            _, outcomes[item.initiative_id] = self.store.initiatives.save(
                item.initiative_id,
                item.title,
                item.description,
                item.target,
                item.teams,
                competencies_of(item.description, self.knowledge.normaliser, known),
                item.source,
                actor,
            )
        return outcomes

    def remove_document(self, kind: str, entity_id: str) -> IndexReport:
        """Delete a job description (and what was only read from it; reviewed requirements
        stay) or a profile, then the index's copy: tracked work, like an ingest."""
        if kind == "job_description":
            if entity_id not in self.store.job_descriptions():
                raise NotFoundError(f"no job description for '{entity_id}'")
        elif kind == "profile":
            if entity_id not in self.store.profiles():
                raise NotFoundError(f"no profile document for '{entity_id}'")
        else:
            raise UserError("kind must be job_description or profile")
        with self.store.pending.tracked("delete", {"infer": [], "index": True}):
            if kind == "job_description":
                self.store.save_job_description(entity_id, "", "")
                self.store.set_inferred_requirements(entity_id, [])
            else:
                self.store.delete_profile(entity_id)
            return self.knowledge.reindex()

    def review_requirements(self, role_id: str, requirements: list[Requirement]) -> None:
        """A person's reviewed requirements replace a role's, then the index's copy."""
        with self.store.pending.tracked("review", {"infer": [], "index": True}):
            self.store.set_declared_requirements(role_id, requirements)
            self.knowledge.reindex()

    def finish(self, detail: dict[str, Any]) -> None:
        """Finish tracked work a stopped process left (Services.recover): read the job
        descriptions it named, bring the index in step, wipe what an erasure left."""
        self._finish(
            IngestReport(path="", format="recovery"),
            detail.get("infer", "all"),
            bool(detail.get("index", True)),
        )
        if detail.get("compact"):
            self.store.compact()
            self.knowledge.vectors.compact()

    def _finish(
        self, report: IngestReport, infer: Infer, index: bool, progress: StageProgress | None = None
    ) -> None:
        self.knowledge.reset_normaliser()  # the framework may have changed

        def stage(name: str) -> Progress | None:
            return None if progress is None else lambda done, total: progress(name, done, total)

        with self.knowledge.reporting(stage("Embedding the framework")):
            # Built now, once, and kept (vectors in the store, matrices in the cache), so a
            # server or a `skills match` started later loads it instead of building it.
            _ = self.knowledge.normaliser
        # Before requirements are read: they are read with it.
        self.knowledge.adapt(stage("Adapting to the framework"))
        with self.knowledge.reporting(stage("Reading job descriptions")):
            report.inferred = self.infer_requirements(None if infer == "all" else infer)
        crash_point("ingest.inferred")
        if not self.knowledge.normaliser.skills:
            waiting = len(self.store.job_descriptions())
            report.warnings.append(
                "no skills are loaded yet, so no requirements were read from "
                f"{waiting} job description(s); load a skills framework (skills.csv, ESCO's "
                "skills_en.csv, O*NET's Skills.txt or Technology Skills.txt) and they will be"
            )
        if index:
            report.index = self.knowledge.reindex(stage("Indexing"))
            crash_point("ingest.indexed")

    def _apply(self, report: IngestReport, bundle: Bundle, replace: bool = False) -> None:
        report.load = self.store.apply(bundle, replace=replace)

    def infer_requirements(
        self, roles: Iterable[str] | None = None
    ) -> dict[str, list[dict[str, Any]]]:
        """Extract requirements for roles that have a job description but none declared:
        every such role, or those of `roles`."""
        out: dict[str, list[dict[str, Any]]] = {}
        if not self.knowledge.normaliser.skills:
            return out  # nothing to read job descriptions against yet
        declared = {
            r.role_id for r in self.store.roles() if any(not q.inferred for q in r.requirements)
        }
        wanted = None if roles is None else set(roles)
        for role_id, (text, _source) in self.store.job_descriptions().items():
            if role_id in declared or (wanted is not None and role_id not in wanted):
                continue
            found = extract_requirements(text, self.knowledge.normaliser)
            self.store.set_inferred_requirements(role_id, found)
            if not out:
                crash_point("ingest.inferred_one")
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

    def _read_documents(
        self, path: Path, kind: str, entity_id: str | None, front_matter_decides: bool
    ) -> list[Prepared]:
        """Every document read and checked (kind, target, title) before anything is stored."""
        files = (
            [path]
            if path.is_file()
            else sorted(p for p in path.iterdir() if p.suffix.lower() in SUFFIXES)
        )
        if not files:
            raise UserError(f"{path}: no documents ({', '.join(sorted(SUFFIXES))})")
        documents = [read_document(p) for p in files]
        if not front_matter_decides:
            for document in documents:
                _check_target(document, kind, entity_id)
        existing = self.store.existing_state()
        return [self._prepare(d, kind, entity_id, existing) for d in documents]

    def _prepare(
        self, document: Document, kind: str, entity_id: str | None, existing: ExistingState
    ) -> Prepared:
        meta = document.meta
        if kind == "auto":
            kind = "profile" if meta.get("employee_id") else "job_description"
        if kind == "profile":
            employee_id = entity_id or str(meta.get("employee_id") or "")
            if not employee_id:
                raise UserError(
                    f"{document.path}: a profile needs employee_id (front matter or --employee)"
                )
            _identifier(document, "employee_id", employee_id)
            if employee_id not in {p.employee_id for p in existing.people}:
                raise NotFoundError(
                    f"no employee '{employee_id}' for the profile {document.path.name}"
                )
            return Prepared(document, kind, employee_id)
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
            check = TitleCheck(
                existing.people,
                existing_titles(existing),
                [*existing_texts(existing), document.text],
            )
            field = "title" if meta.get("title") else "heading"
            problem = check.problem(Titled(document.path.name, 1, field, "role", role_id, title))
            if problem:
                raise ValidationError(problem, file=document.path.name, field=field)
        elif role_id not in existing.role_ids:
            raise UserError(f"{document.path.name}: role '{role_id}' is new; give its title")
        return Prepared(document, kind, role_id, title, str(meta.get("department") or ""))

    def _store_documents(self, report: IngestReport, documents: list[Prepared]) -> None:
        for prepared in documents:
            document, source = prepared.document, prepared.document.path.name
            if prepared.kind == "profile":
                self.store.save_profile(prepared.target, document.text, source)
                report.documents.append(
                    {"file": source, "kind": "profile", "employee_id": prepared.target}
                )
                continue
            created = self.store.save_job_description(
                prepared.target, document.text, source, prepared.title, prepared.department
            )
            report.documents.append(
                {
                    "file": source,
                    "kind": "job_description",
                    "role_id": prepared.target,
                    "created_role": created,
                }
            )


@dataclass(frozen=True)
class Prepared:
    """A document read and checked, and where it goes."""

    document: Document
    kind: str  # job_description, profile
    target: str  # the role or employee id
    title: str = ""
    department: str = ""


def _framework_changed(load: LoadReport) -> bool:
    """Whether a load touched what job descriptions are read against, or the texts."""
    return any(
        load.counts[kind].changed
        for kind in ("skills", "roles", "role_requirements")
        if kind in load.counts
    )


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
