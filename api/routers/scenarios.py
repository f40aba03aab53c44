"""/v1/scenarios: workforce planning — who can we grow in time, how many must we hire."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request

from api.deps import PrincipalDep, ServicesDep, run_tool
from api.schemas.scenarios import ScenarioPublic, ScenarioRequest

router = APIRouter(prefix="/v1/scenarios", tags=["planning"])


@router.post(
    "",
    response_model=ScenarioPublic,
    response_model_exclude_unset=True,
    summary="Workforce scenario: grow internally or hire (HR, admin)",
)
def scenario(
    body: ScenarioRequest, request: Request, principal: PrincipalDep, services: ServicesDep
) -> dict[str, Any]:
    return run_tool(
        request,
        services,
        principal,
        "workforce_scenario",
        {
            "role": body.role_id,
            "headcount": body.headcount,
            "by": body.by,
            "readiness_threshold": body.readiness_threshold,
        },
    )
