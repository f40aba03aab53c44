"""/v1/imports: an HRIS export (CSV or XLSX) through its column mapping (HR, admin)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, UploadFile
from fastapi.concurrency import run_in_threadpool

from agent.access import require_document_curation
from api.deps import PrincipalDep, ServicesDep
from api.schemas.imports import ImportPublic
from api.uploads import upload_name
from core.errors import UserError

router = APIRouter(prefix="/v1/imports", tags=["documents"])

EXPORT_SUFFIXES = (".csv", ".xlsx")
MAPPING_SUFFIXES = (".yaml", ".yml")


@router.post(
    "",
    response_model=ImportPublic,
    summary="Import an HRIS export through a column mapping (HR, admin)",
    description=(
        "Send the export (`file`: a Workday, SuccessFactors, BambooHR or Personio report as "
        ".csv or .xlsx) and its mapping (`mapping`: YAML, as in data/hris/). The export is "
        "checked whole: any problem is a 400 naming the export's line and column, and nothing "
        "is written. `dry_run=true` says what would be created and changed. Importing the "
        "same export again changes nothing."
    ),
)
async def import_export(
    principal: PrincipalDep,
    services: ServicesDep,
    file: Annotated[UploadFile, File(description="the HRIS export (.csv or .xlsx)")],
    mapping: Annotated[UploadFile, File(description="the column mapping (.yaml)")],
    dry_run: Annotated[bool, Form()] = False,
) -> Any:
    require_document_curation(principal.caller)
    export_name = upload_name(file.filename)
    mapping_name = upload_name(mapping.filename)
    if Path(export_name).suffix.lower() not in EXPORT_SUFFIXES:
        raise UserError(f"'{export_name}': an export is a {' or '.join(EXPORT_SUFFIXES)} file")
    if Path(mapping_name).suffix.lower() not in MAPPING_SUFFIXES:
        raise UserError(f"'{mapping_name}': a mapping is a .yaml file")
    limit = services.settings.max_upload_bytes
    content = await file.read(limit + 1)
    text = await mapping.read(limit + 1)
    if len(content) + len(text) > limit:
        raise UserError(f"the files are larger than {limit} bytes")
    try:
        mapping_text = text.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UserError(f"{mapping_name}: not UTF-8") from None
    return await run_in_threadpool(
        services.import_hris, content, export_name, mapping_text, mapping_name, dry_run
    )
