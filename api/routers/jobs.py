"""/v1/jobs: long work run in the background and how far it has got (HR, admin)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from agent.access import require_document_curation
from api.deps import PrincipalDep, ServicesDep
from api.schemas.jobs import JobPublic, JobsPublic

router = APIRouter(prefix="/v1/jobs", tags=["documents"])


@router.get("", response_model=JobsPublic, summary="Recent jobs, newest first (HR, admin)")
def list_jobs(principal: PrincipalDep, services: ServicesDep) -> dict[str, Any]:
    require_document_curation(principal.caller)
    return {"jobs": services.store.jobs.recent()}


@router.get("/{job_id}", response_model=JobPublic, summary="A job's state and progress")
def get_job(job_id: str, principal: PrincipalDep, services: ServicesDep) -> dict[str, Any]:
    require_document_curation(principal.caller)
    return services.store.jobs.get(job_id)
