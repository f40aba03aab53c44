"""Documents: upload job descriptions, profiles and framework files (HR, admin); list; delete."""

from __future__ import annotations

import tempfile
import time
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Request, UploadFile

from agent.access import AccessDenied
from api.deps import Principal, PrincipalDep, ServicesDep, record_audit
from core.errors import NotFoundError, UserError
from ingest.documents import SUFFIXES
from ingest.frameworks import detect_format

router = APIRouter(tags=["documents"])
KINDS = ("auto", "job_description", "profile")


def _require_curator(principal: Principal) -> None:
    if not principal.caller.sees_everyone:
        raise AccessDenied("Uploading and deleting documents is for HR and admins.")


@router.post(
    "/v1/documents",
    status_code=201,
    summary="Upload a job description or profile (.md, .txt, .pdf, .docx)",
)
async def upload(
    request: Request,
    principal: PrincipalDep,
    services: ServicesDep,
    file: Annotated[UploadFile, File(description="the document")],
    kind: Annotated[str, Form(description="auto, job_description or profile")] = "auto",
    entity_id: Annotated[str | None, Form(description="role_id or employee_id")] = None,
) -> dict[str, Any]:
    _require_curator(principal)
    name = Path(file.filename or "").name
    if Path(name).suffix.lower() not in SUFFIXES:
        raise UserError(f"'{name}': unsupported file type (use {', '.join(sorted(SUFFIXES))})")
    if kind not in KINDS:
        raise UserError(f"kind must be one of {', '.join(KINDS)}")
    content = await file.read(services.settings.max_upload_bytes + 1)
    if len(content) > services.settings.max_upload_bytes:
        raise UserError(f"'{name}' is larger than {services.settings.max_upload_bytes} bytes")
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(content)
        report = services.ingestor.ingest(path, "document", kind, entity_id)
    record_audit(
        services,
        principal,
        f"POST {request.url.path}",
        started,
        {"documents": report.documents},
        status=201,
    )
    return {
        "documents": report.documents,
        "inferred_requirements": report.inferred,
        "index": vars(report.index) if report.index else None,
    }


FRAMEWORK_SUFFIXES = (".csv", ".txt", ".tsv", ".yaml", ".yml")


@router.post(
    "/v1/frameworks",
    status_code=201,
    summary="Upload framework files: ESCO CSVs, O*NET text files, or native CSV/YAML (HR, admin)",
    description=(
        "Send every file of one framework export together (e.g. ESCO's skills_en.csv, "
        "occupations_en.csv and occupationSkillRelations_en.csv; or skills.csv and "
        "roles.yaml). The format is detected from the file names. Nothing is written "
        "unless every file is valid; errors name the file, line and field."
    ),
)
async def upload_framework(
    request: Request,
    principal: PrincipalDep,
    services: ServicesDep,
    files: Annotated[list[UploadFile], File(description="the framework's files")],
) -> dict[str, Any]:
    _require_curator(principal)
    started = time.perf_counter()
    total = 0
    with tempfile.TemporaryDirectory() as folder:
        for upload in files:
            name = Path(upload.filename or "").name
            if Path(name).suffix.lower() not in FRAMEWORK_SUFFIXES or name.startswith("."):
                raise UserError(
                    f"'{name}': not a framework file (use {', '.join(FRAMEWORK_SUFFIXES)})"
                )
            content = await upload.read(services.settings.max_upload_bytes + 1)
            total += len(content)
            if total > services.settings.max_upload_bytes:
                raise UserError(
                    f"the files are larger than {services.settings.max_upload_bytes} bytes"
                )
            (Path(folder) / name).write_bytes(content)
        fmt = detect_format(Path(folder))
        if fmt not in ("esco", "onet", "native"):
            raise UserError(
                "no framework recognised: send ESCO (skills_en.csv…), O*NET (Skills.txt…) or "
                "native files (skills.csv, roles.yaml…)"
            )
        try:
            report = services.ingestor.ingest(Path(folder), fmt)
        except UserError as exc:
            # Name the uploaded file, not the temporary folder it was saved in.
            raise UserError(str(exc).replace(folder + "/", "").replace(folder, "upload")) from None
    record_audit(
        services,
        principal,
        f"POST {request.url.path}",
        started,
        {"framework": report.format, "files": [u.filename for u in files]},
        status=201,
    )
    return {
        "format": report.format,
        "counts": {k: vars(c) for k, c in report.load.counts.items()} if report.load else {},
        "warnings": report.load.warnings if report.load else [],
        "inferred_requirements": report.inferred,
        "index": vars(report.index) if report.index else None,
    }


@router.get("/v1/documents", summary="Stored job descriptions and profiles (HR, admin)")
def list_documents(principal: PrincipalDep, services: ServicesDep) -> dict[str, Any]:
    _require_curator(principal)
    store = services.store
    return {
        "job_descriptions": [
            {"role_id": rid, "source_file": source}
            for rid, (_text, source) in store.job_descriptions().items()
        ],
        "profiles": [
            {"employee_id": eid, "source_file": source}
            for eid, (_text, source) in store.profiles().items()
        ],
    }


@router.delete(
    "/v1/documents/{kind}/{entity_id}",
    summary="Delete a job description or profile text (HR, admin)",
)
def delete_document(
    kind: str, entity_id: str, principal: PrincipalDep, services: ServicesDep
) -> dict[str, Any]:
    _require_curator(principal)
    store = services.store
    if kind == "job_description":
        if entity_id not in store.job_descriptions():
            raise NotFoundError(f"no job description for '{entity_id}'")
        store.save_job_description(entity_id, "", "")
        # What was only read from that text goes with it; reviewed requirements stay.
        store.set_inferred_requirements(entity_id, [])
    elif kind == "profile":
        if entity_id not in store.profiles():
            raise NotFoundError(f"no profile document for '{entity_id}'")
        store.delete_profile(entity_id)
    else:
        raise UserError("kind must be job_description or profile")
    report = services.knowledge.reindex()
    return {"deleted": True, "index": vars(report)}
