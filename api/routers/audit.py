"""/v1/audit: who asked what, and which records were used (admins)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from agent.access import require_audit_reader
from api.deps import PrincipalDep, ServicesDep
from api.schemas.audit import AuditPublic

router = APIRouter(prefix="/v1/audit", tags=["operations"])


@router.get(
    "",
    response_model=AuditPublic,
    response_model_exclude_unset=True,
    summary="The audit log (admin)",
)
def audit_log(
    principal: PrincipalDep,
    services: ServicesDep,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> dict[str, Any]:
    require_audit_reader(principal.caller)
    return {"events": services.store.audit.list(limit)}
