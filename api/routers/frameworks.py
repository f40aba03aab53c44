"""/v1/frameworks: upload a whole framework export (ESCO, O*NET or native files), all or
nothing (HR, admin); a large one becomes a background job (/v1/jobs)."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, File, Request, UploadFile
from fastapi.concurrency import run_in_threadpool

from agent.access import require_document_curation
from api import audit
from api.deps import PrincipalDep, ServicesDep
from api.schemas.documents import FrameworkUploadPublic
from api.schemas.jobs import JobPublic
from api.uploads import as_job, naming_the_upload, upload_name
from core.errors import UserError
from ingest.frameworks import detect_format
from services.jobs import ingest_summary

router = APIRouter(prefix="/v1/frameworks", tags=["documents"])

FRAMEWORK_SUFFIXES = (".csv", ".txt", ".tsv", ".yaml", ".yml")


@router.post(
    "",
    response_model=FrameworkUploadPublic,
    response_model_exclude_unset=True,
    status_code=201,
    responses={202: {"model": JobPublic, "description": "a large upload: a job was started"}},
    summary="Upload framework files: ESCO CSVs, O*NET text files, or native CSV/YAML (HR, admin)",
    description=(
        "Send every file of one framework export together (e.g. ESCO's skills_en.csv, "
        "occupations_en.csv and occupationSkillRelations_en.csv; or skills.csv and "
        "roles.yaml). The format is detected from the file names. Nothing is written "
        "unless every file is valid; errors name the file, line and field. Files larger "
        "than TALENT_JOB_THRESHOLD_BYTES in all are answered 202 with a job: follow "
        "GET /v1/jobs/{job_id} (its Location) for its progress, result or errors."
    ),
)
async def upload_framework(
    request: Request,
    principal: PrincipalDep,
    services: ServicesDep,
    files: Annotated[list[UploadFile], File(description="the framework's files")],
) -> Any:
    require_document_curation(principal.caller)
    received: list[tuple[str, bytes]] = []
    total = 0
    for upload in files:
        name = upload_name(upload.filename)
        if Path(name).suffix.lower() not in FRAMEWORK_SUFFIXES or name.startswith("."):
            raise UserError(f"'{name}': not a framework file (use {', '.join(FRAMEWORK_SUFFIXES)})")
        content = await upload.read(services.settings.max_upload_bytes + 1)
        total += len(content)
        if total > services.settings.max_upload_bytes:
            raise UserError(f"the files are larger than {services.settings.max_upload_bytes} bytes")
        received.append((name, content))
    with tempfile.TemporaryDirectory() as folder:
        for name, content in received:
            (Path(folder) / name).write_bytes(content)
        fmt = detect_format(Path(folder))
        if fmt not in ("esco", "onet", "native"):
            raise UserError(
                "no framework recognised: send ESCO (skills_en.csv…), O*NET (Skills.txt…) or "
                "native files (skills.csv, roles.yaml…)"
            )
        audit.note(request, framework=fmt, files=[name for name, _ in received])
        if total > services.settings.job_threshold_bytes:
            return await as_job(
                request, services, principal.key_name, "framework", {"format": fmt}, received
            )
        # Blocking work (parsing, embedding, indexing): off the event loop.
        with naming_the_upload(folder):
            report = await run_in_threadpool(services.ingestor.ingest, Path(folder), fmt)
    return ingest_summary(report)
