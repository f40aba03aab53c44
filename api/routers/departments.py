"""/v1/departments: a department's figures."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request

from api.deps import PrincipalDep, ServicesDep, run_tool
from api.schemas.teams import GroupGapsPublic

router = APIRouter(prefix="/v1/departments", tags=["gaps"])


@router.get(
    "/{department}/gaps",
    response_model=GroupGapsPublic,
    response_model_exclude_unset=True,
    summary="A department's coverage and gaps",
)
def department_gaps(
    department: str,
    request: Request,
    principal: PrincipalDep,
    services: ServicesDep,
    ai: bool = False,
) -> dict[str, Any]:
    return run_tool(
        request, services, principal, "team_gaps", {"department": department, "ai_only": ai}
    )
