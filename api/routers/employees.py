"""/v1/employees: the people a caller may see, their profiles and gaps, and erasure."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request

from agent.access import require_erasure, visible_employees
from agent.capabilities import call_tool
from api import audit
from api.deps import PrincipalDep, ServicesDep, run_tool
from api.pagination import PageDep
from api.schemas.employees import (
    EmployeesPublic,
    ErasurePublic,
    GapMentorsPublic,
    PersonGapsPublic,
    ProfilePublic,
)
from api.schemas.paths import NextRolesPublic
from core.errors import NotFoundError

router = APIRouter(prefix="/v1/employees", tags=["employees"])


@router.get(
    "",
    response_model=EmployeesPublic,
    response_model_exclude_unset=True,
    summary="Employees the caller may see: self, reports, or everyone for HR/admin",
)
def list_employees(
    principal: PrincipalDep,
    services: ServicesDep,
    page: PageDep,
    q: Annotated[
        str | None, Query(max_length=100, description="part of a name, team or department")
    ] = None,
) -> dict[str, Any]:
    org = services.org()
    visible = visible_employees(principal.caller, org)
    people = [e for e in org.employees.values() if visible is None or e.employee_id in visible]
    if q and q.strip():
        needle = q.strip().casefold()
        people = [e for e in people if needle in f"{e.name} {e.team} {e.department}".casefold()]
    people, paging = page.of(people, lambda e: e.employee_id)
    return {
        **paging,
        "employees": [
            {
                "employee_id": e.employee_id,
                "name": e.name,
                "team": e.team,
                "department": e.department,
                "role_id": e.role_id,
            }
            for e in people
        ],
    }


@router.get(
    "/{employee_id}",
    response_model=ProfilePublic,
    response_model_exclude_unset=True,
    summary="A profile",
)
def get_employee(
    employee_id: str, request: Request, principal: PrincipalDep, services: ServicesDep
) -> dict[str, Any]:
    return run_tool(request, services, principal, "get_employee_profile", {"employee": employee_id})


@router.delete(
    "/{employee_id}",
    response_model=ErasurePublic,
    response_model_exclude_unset=True,
    status_code=200,
    summary="Erase a person everywhere (HR, admin)",
)
def erase_employee(
    employee_id: str, request: Request, principal: PrincipalDep, services: ServicesDep
) -> dict[str, Any]:
    require_erasure(principal.caller)
    if employee_id not in services.org().employees:
        raise NotFoundError(f"no employee '{employee_id}'")
    removed = services.forget_employee(employee_id)
    audit.redact_path(request, request.url.path.replace(employee_id, "[erased]"))
    audit.note(request, erasure=True)
    return {"erased": True, "index_chunks_removed": removed}


@router.get(
    "/{employee_id}/gaps",
    response_model=PersonGapsPublic,
    response_model_exclude_unset=True,
    tags=["gaps"],
    summary="A person's gaps for their current or a target role",
)
def person_gaps(
    employee_id: str,
    request: Request,
    principal: PrincipalDep,
    services: ServicesDep,
    role: str | None = None,
) -> dict[str, Any]:
    return run_tool(
        request, services, principal, "person_gaps", {"employee": employee_id, "role": role}
    )


@router.get(
    "/{employee_id}/next-roles",
    response_model=NextRolesPublic,
    response_model_exclude_unset=True,
    tags=["career paths"],
    summary="A person's three most reachable next roles, with readiness and gaps",
    description=(
        "HR and admins for anyone; managers for their reports; employees for themselves. "
        "Moves seen fewer times than the minimum group count only for HR and admins."
    ),
)
def next_roles(
    employee_id: str, request: Request, principal: PrincipalDep, services: ServicesDep
) -> dict[str, Any]:
    return run_tool(request, services, principal, "next_roles", {"employee": employee_id})


@router.get(
    "/{employee_id}/mentors",
    response_model=GapMentorsPublic,
    response_model_exclude_unset=True,
    tags=["gaps"],
    summary="Possible mentors for each of a person's gaps, for their current or a target role",
)
def gap_mentors(
    employee_id: str,
    request: Request,
    principal: PrincipalDep,
    services: ServicesDep,
    role: str | None = None,
) -> dict[str, Any]:
    """The person page's mentors, one request for every gap: the same tools, rule and access
    as asking chat "who could mentor <person> in <skill>?" gap by gap."""
    ctx = services.context(principal.caller)
    gaps = call_tool(ctx, "person_gaps", {"employee": employee_id, "role": role})
    rows, cited = [], [f"{c.type}:{c.id}" for c in gaps.citations]
    for gap in gaps.data["gaps"]:
        found = call_tool(
            ctx,
            "find_mentors",
            {"skill": gap["skill_id"], "level": gap["required"], "learner": employee_id},
        )
        cited += [f"{c.type}:{c.id}" for c in found.citations]
        rows.append({**found.data, "current": gap["current"]})
    audit.note(request, tools=["person_gaps", "find_mentors"], cited=cited)
    return {
        "employee_id": gaps.data["employee_id"],
        "role_id": gaps.data["role_id"],
        "gaps": rows,
    }
