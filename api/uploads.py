"""Uploaded files: their names are checked before they touch the disk, errors about them name
the upload, never the temporary folder it was saved in, and a large one becomes a job."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse

from api import audit
from api.schemas.jobs import JobPublic
from core.errors import UserError
from services import Services

MAX_NAME = 200


def upload_name(filename: str | None) -> str:
    """The file's own name (no folders), refused when no file system would take it."""
    name = Path(filename or "").name
    if not name or name in {".", ".."}:
        raise UserError("the upload has no filename")
    if len(name) > MAX_NAME or "\x00" in name:
        raise UserError(
            f"the filename '{name[:40]}…' is longer than {MAX_NAME} characters; rename the file"
            if len(name) > MAX_NAME
            else "the filename holds a NUL character; rename the file"
        )
    return name


@contextmanager
def naming_the_upload(folder: str) -> Iterator[None]:
    """Errors raised inside name the uploaded file, not `folder`."""
    try:
        yield
    except UserError as exc:
        message = str(exc).replace(folder + "/", "").replace(folder, "the upload")
        # Keep the kind of error (404, 409…) where it is built from a message alone.
        try:
            renamed = type(exc)(message)
        except TypeError:
            renamed = UserError(message)
        raise renamed from None


async def as_job(
    request: Request,
    services: Services,
    created_by: str,
    kind: str,
    what: dict[str, Any],
    files: list[tuple[str, bytes]],
) -> JSONResponse:
    """Hand a large upload to the background (services/jobs.py): 202 with the job, its
    Location to follow. Minutes of reading and embedding hold no worker."""
    job = await run_in_threadpool(services.store.jobs.create, kind, what, files, created_by)
    services.jobs.submit(job["job_id"], kind)
    audit.note(request, job=job["job_id"])
    return JSONResponse(
        JobPublic.model_validate(job).model_dump(mode="json"),
        status_code=202,
        headers={"Location": f"/v1/jobs/{job['job_id']}"},
    )
