"""/v1/documents: upload job descriptions and profiles, list and delete them (HR, admin)."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.concurrency import run_in_threadpool

from agent.access import require_document_curation
from api import audit
from api.deps import PrincipalDep, ServicesDep
from api.pagination import PageDep
from api.schemas.documents import DocumentDeletedPublic, DocumentsPublic, DocumentUploadPublic
from api.schemas.jobs import JobPublic
from api.uploads import as_job, naming_the_upload, upload_name
from core.errors import UserError
from core.faults import crash_point
from domain.text import ID_PATTERN
from ingest.documents import SUFFIXES
from services.jobs import ingest_summary

router = APIRouter(prefix="/v1/documents", tags=["documents"])


@router.post(
    "",
    response_model=DocumentUploadPublic,
    response_model_exclude_unset=True,
    status_code=201,
    responses={202: {"model": JobPublic, "description": "a large document: a job was started"}},
    summary="Upload a job description or profile (.md, .txt, .pdf, .docx)",
)
async def upload(
    request: Request,
    principal: PrincipalDep,
    services: ServicesDep,
    file: Annotated[UploadFile, File(description="the document")],
    kind: Annotated[
        Literal["job_description", "profile"],
        Form(description="what the document is: front matter never decides it over the API"),
    ],
    entity_id: Annotated[
        str,
        Form(
            pattern=ID_PATTERN,
            description="the role_id (job description) or employee_id (profile) it is for; "
            "front matter naming another is refused",
        ),
    ],
) -> Any:
    require_document_curation(principal.caller)
    name = upload_name(file.filename)
    if Path(name).suffix.lower() not in SUFFIXES:
        raise UserError(f"'{name}': unsupported file type (use {', '.join(sorted(SUFFIXES))})")
    content = await file.read(services.settings.max_upload_bytes + 1)
    if len(content) > services.settings.max_upload_bytes:
        raise UserError(f"'{name}' is larger than {services.settings.max_upload_bytes} bytes")
    if len(content) > services.settings.job_threshold_bytes:
        # A large document (a long text, a big PDF) is read in the background.
        what = {"format": "document", "kind": kind, "entity_id": entity_id}
        return await as_job(
            request, services, principal.key_name, "document", what, [(name, content)]
        )
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(content)
        crash_point("upload.received")
        # Ingestion (reading, extraction, embedding) is blocking work: off the event loop.
        with naming_the_upload(folder):
            report = await run_in_threadpool(
                services.ingestor.ingest,
                path,
                "document",
                kind,
                entity_id,
                front_matter_decides=False,
            )
    audit.note(request, documents=report.documents)
    return ingest_summary(report)


@router.get(
    "",
    response_model=DocumentsPublic,
    response_model_exclude_unset=True,
    summary="Stored job descriptions and profiles (HR, admin)",
)
def list_documents(principal: PrincipalDep, services: ServicesDep, page: PageDep) -> dict[str, Any]:
    """One list paged across both kinds: job descriptions, then profiles."""
    require_document_curation(principal.caller)
    store = services.store
    documents = [
        ("job_description", rid, source) for rid, (_t, source) in store.job_descriptions().items()
    ] + [("profile", eid, source) for eid, (_t, source) in store.profiles().items()]
    kinds = {"job_description": "0", "profile": "1"}
    shown, paging = page.of(documents, lambda d: f"{kinds[d[0]]}|{d[1]}")
    return {
        **paging,
        "job_descriptions": [
            {"role_id": i, "source_file": s} for k, i, s in shown if k == "job_description"
        ],
        "profiles": [{"employee_id": i, "source_file": s} for k, i, s in shown if k == "profile"],
    }


@router.delete(
    "/{kind}/{entity_id}",
    response_model=DocumentDeletedPublic,
    response_model_exclude_unset=True,
    summary="Delete a job description or profile text (HR, admin)",
)
def delete_document(
    kind: str, entity_id: str, principal: PrincipalDep, services: ServicesDep
) -> dict[str, Any]:
    require_document_curation(principal.caller)
    report = services.ingestor.remove_document(kind, entity_id)
    return {"deleted": True, "index": vars(report)}
