"""/v1/roles: roles, their requirements (with review of inferred ones) and internal
candidates."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request

from agent.access import require_requirement_review
from api.deps import PrincipalDep, ServicesDep, run_tool
from api.pagination import PageDep
from api.schemas.paths import RolePathsPublic
from api.schemas.roles import CandidatesPublic, RequirementsRequest, RolePublic, RolesPublic
from core.errors import UserError
from domain.models import Requirement

router = APIRouter(prefix="/v1/roles", tags=["roles"])


@router.get("", response_model=RolesPublic, response_model_exclude_unset=True, summary="Roles")
def list_roles(principal: PrincipalDep, services: ServicesDep, page: PageDep) -> dict[str, Any]:
    roles, paging = page.of(services.org().roles.values(), lambda r: r.role_id)
    return {
        **paging,
        "roles": [
            {
                "role_id": r.role_id,
                "title": r.title,
                "department": r.department,
                "family": r.family,
                "requirements": len(r.requirements),
                "inferred_requirements": sum(q.inferred for q in r.requirements),
            }
            for r in roles
        ],
    }


@router.get(
    "/{role_id}",
    response_model=RolePublic,
    response_model_exclude_unset=True,
    summary="A role and its requirements",
)
def get_role(
    role_id: str, request: Request, principal: PrincipalDep, services: ServicesDep
) -> dict[str, Any]:
    return run_tool(request, services, principal, "get_role", {"role": role_id})


@router.put(
    "/{role_id}/requirements",
    response_model=RolePublic,
    response_model_exclude_unset=True,
    summary="Accept or correct a role's requirements (HR, admin)",
    description=(
        "Replaces the role's requirements with the reviewed list; they become declared "
        "(no longer `inferred`), so re-ingesting the job description leaves them alone."
    ),
)
def set_requirements(
    role_id: str,
    body: RequirementsRequest,
    request: Request,
    principal: PrincipalDep,
    services: ServicesDep,
) -> dict[str, Any]:
    require_requirement_review(principal.caller)
    org = services.org()
    role = org.role(role_id)
    unknown = [r.skill_id for r in body.requirements if r.skill_id not in org.skills]
    if unknown:
        raise UserError(f"unknown skill(s): {', '.join(unknown)}")
    if len({r.skill_id for r in body.requirements}) != len(body.requirements):
        raise UserError("each skill may appear once")
    services.ingestor.review_requirements(
        role.role_id,
        [
            Requirement(r.skill_id, r.level, r.importance, evidence=r.evidence)
            for r in body.requirements
        ],
    )
    return run_tool(request, services, principal, "get_role", {"role": role.role_id})


@router.get(
    "/{role_id}/candidates",
    response_model=CandidatesPublic,
    response_model_exclude_unset=True,
    summary="Internal candidates (HR, admin; managers among their reports)",
)
def candidates(
    role_id: str, request: Request, principal: PrincipalDep, services: ServicesDep
) -> dict[str, Any]:
    return run_tool(request, services, principal, "internal_candidates", {"role": role_id})


@router.get(
    "/{role_id}/paths",
    response_model=RolePathsPublic,
    response_model_exclude_unset=True,
    tags=["career paths"],
    summary="A role's career paths, and where its holders came from and went",
    description=(
        "Everyone. Counts of fewer people than the minimum group are null for anyone but HR "
        "and admins, and a path seen only that rarely is not shown to them."
    ),
)
def role_paths(
    role_id: str, request: Request, principal: PrincipalDep, services: ServicesDep
) -> dict[str, Any]:
    return run_tool(request, services, principal, "role_paths", {"role": role_id})
