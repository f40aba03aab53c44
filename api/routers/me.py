"""/v1/me: who the API key speaks for."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from agent.access import CallerRole
from api.deps import PrincipalDep, ServicesDep
from api.schemas.me import MePublic

router = APIRouter(prefix="/v1/me", tags=["operations"])


@router.get(
    "",
    response_model=MePublic,
    response_model_exclude_unset=True,
    summary="Who the API key speaks for",
)
def me(principal: PrincipalDep, services: ServicesDep) -> dict[str, Any]:
    caller = principal.caller
    org = services.org()
    person = org.employees.get(caller.employee_id or "")
    reports = org.reports(caller.employee_id) if caller.employee_id else []
    return {
        "key_id": principal.key_id,
        "key_name": principal.key_name,
        "role": caller.role.value,
        "employee_id": caller.employee_id,
        "name": person.name if person else None,
        "team": person.team if person else None,
        "reports": len(reports) if caller.role is CallerRole.MANAGER else 0,
        "min_group_size": services.settings.min_group_size,
        # The defaults a new plan starts from (the web app's plan form shows them).
        "plan_weeks": services.settings.default_plan_weeks,
        "hours_per_week": services.settings.default_hours_per_week,
    }
