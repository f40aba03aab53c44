"""REST resources. Each handler parses, calls one tool as the caller (the tools enforce the
access rules), records the request in the audit log and returns the tool's JSON — the same
contract as the CLI's `--json` (docs/analytics.md)."""

from __future__ import annotations

import time
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel, Field

from agent.access import AccessDenied, CallerRole, can_see_employee, visible_employees
from agent.tools import ToolContext, ToolResult, call_tool
from api.deps import Principal, PrincipalDep, Services, ServicesDep, record_audit
from core.errors import NotFoundError, UserError
from domain.models import Requirement

router = APIRouter()


def run(
    request: Request, services: Services, principal: Principal, tool: str, args: dict[str, Any]
) -> dict[str, Any]:
    started = time.perf_counter()
    result: ToolResult = call_tool(services.context(principal.caller), tool, args)
    record_audit(
        services,
        principal,
        f"{request.method} {request.url.path}",
        started,
        {"tools": [tool], "cited": [f"{c.type}:{c.id}" for c in result.citations]},
    )
    return result.data


def context(services: Services, principal: Principal) -> ToolContext:
    return services.context(principal.caller)


# ---------------------------------------------------------------- who am I


@router.get("/v1/me", tags=["operations"], summary="Who the API key speaks for")
def me(principal: PrincipalDep, services: ServicesDep) -> dict[str, Any]:
    caller = principal.caller
    org = context(services, principal).org
    person = org.employees.get(caller.employee_id or "")
    reports = org.reports(caller.employee_id) if caller.employee_id else []
    return {
        "key_name": principal.key_name,
        "role": caller.role.value,
        "employee_id": caller.employee_id,
        "name": person.name if person else None,
        "team": person.team if person else None,
        "reports": len(reports) if caller.role is CallerRole.MANAGER else 0,
        "min_group_size": services.settings.min_group_size,
    }


# ---------------------------------------------------------------- framework


@router.get("/v1/skills", tags=["skills"], summary="The skills framework")
def list_skills(principal: PrincipalDep, services: ServicesDep) -> dict[str, Any]:
    skills = context(services, principal).org.skills.values()
    return {
        "skills": [
            {
                "skill_id": s.skill_id,
                "name": s.name,
                "category": s.category,
                "aliases": list(s.aliases),
            }
            for s in skills
        ]
    }


@router.get("/v1/skills/{skill_id}", tags=["skills"], summary="One skill with level descriptors")
def get_skill(
    skill_id: str, request: Request, principal: PrincipalDep, services: ServicesDep
) -> dict[str, Any]:
    return run(request, services, principal, "get_skill", {"skill": skill_id})


class MatchRequest(BaseModel):
    phrases: list[str] = Field(
        min_length=1, max_length=1000, examples=[["k8s", "5+ years PySpark", "forklift operation"]]
    )
    top: int = Field(default=5, ge=1, le=50)


@router.post("/v1/skills/match", tags=["skills"], summary="Normalise phrases to skills")
def match_skills(
    body: MatchRequest, principal: PrincipalDep, services: ServicesDep
) -> dict[str, Any]:
    results = services.knowledge.match_skills(body.phrases, body.top)
    return {"results": [r.to_dict() for r in results]}


@router.get("/v1/roles", tags=["roles"], summary="Roles")
def list_roles(principal: PrincipalDep, services: ServicesDep) -> dict[str, Any]:
    roles = context(services, principal).org.roles.values()
    return {
        "roles": [
            {
                "role_id": r.role_id,
                "title": r.title,
                "department": r.department,
                "requirements": len(r.requirements),
                "inferred_requirements": sum(q.inferred for q in r.requirements),
            }
            for r in roles
        ]
    }


@router.get("/v1/roles/{role_id}", tags=["roles"], summary="A role and its requirements")
def get_role(
    role_id: str, request: Request, principal: PrincipalDep, services: ServicesDep
) -> dict[str, Any]:
    return run(request, services, principal, "get_role", {"role": role_id})


class RequirementIn(BaseModel):
    skill_id: str = Field(min_length=1)
    level: int = Field(ge=1, le=5)
    importance: int = Field(default=3, ge=1, le=5)
    evidence: str = Field(default="", max_length=2000)


class RequirementsRequest(BaseModel):
    requirements: list[RequirementIn] = Field(max_length=200)


@router.put(
    "/v1/roles/{role_id}/requirements",
    tags=["roles"],
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
    if not principal.caller.sees_everyone:
        raise AccessDenied("Reviewing role requirements is for HR and admins.")
    org = context(services, principal).org
    role = org.role(role_id)
    unknown = [r.skill_id for r in body.requirements if r.skill_id not in org.skills]
    if unknown:
        raise UserError(f"unknown skill(s): {', '.join(unknown)}")
    if len({r.skill_id for r in body.requirements}) != len(body.requirements):
        raise UserError("each skill may appear once")
    services.store.set_declared_requirements(
        role.role_id,
        [
            Requirement(r.skill_id, r.level, r.importance, evidence=r.evidence)
            for r in body.requirements
        ],
    )
    services.knowledge.reindex()
    return run(request, services, principal, "get_role", {"role": role.role_id})


@router.get(
    "/v1/roles/{role_id}/candidates",
    tags=["roles"],
    summary="Internal candidates (HR, admin; managers among their reports)",
)
def candidates(
    role_id: str, request: Request, principal: PrincipalDep, services: ServicesDep
) -> dict[str, Any]:
    return run(request, services, principal, "internal_candidates", {"role": role_id})


# ---------------------------------------------------------------- people


@router.get(
    "/v1/employees",
    tags=["employees"],
    summary="Employees the caller may see: self, reports, or everyone for HR/admin",
)
def list_employees(principal: PrincipalDep, services: ServicesDep) -> dict[str, Any]:
    org = context(services, principal).org
    visible = visible_employees(principal.caller, org)
    people = [e for e in org.employees.values() if visible is None or e.employee_id in visible]
    return {
        "employees": [
            {
                "employee_id": e.employee_id,
                "name": e.name,
                "team": e.team,
                "department": e.department,
                "role_id": e.role_id,
            }
            for e in people
        ]
    }


@router.get("/v1/employees/{employee_id}", tags=["employees"], summary="A profile")
def get_employee(
    employee_id: str, request: Request, principal: PrincipalDep, services: ServicesDep
) -> dict[str, Any]:
    return run(request, services, principal, "get_employee_profile", {"employee": employee_id})


@router.delete(
    "/v1/employees/{employee_id}",
    tags=["employees"],
    status_code=200,
    summary="Erase a person everywhere (HR, admin)",
)
def erase_employee(
    employee_id: str, request: Request, principal: PrincipalDep, services: ServicesDep
) -> dict[str, Any]:
    if not principal.caller.sees_everyone:
        raise AccessDenied("Only HR and admins can erase a person's data.")
    if employee_id not in context(services, principal).org.employees:
        raise NotFoundError(f"no employee '{employee_id}'")
    started = time.perf_counter()
    removed = services.forget_employee(employee_id)
    record_audit(
        services,
        principal,
        f"DELETE {request.url.path.replace(employee_id, '[erased]')}",
        started,
        {"erasure": True},
    )
    return {"erased": True, "index_chunks_removed": removed}


@router.get(
    "/v1/employees/{employee_id}/gaps",
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
    return run(request, services, principal, "person_gaps", {"employee": employee_id, "role": role})


@router.get("/v1/teams/{team}/gaps", tags=["gaps"], summary="A team's coverage and gaps")
def team_gaps(
    team: str, request: Request, principal: PrincipalDep, services: ServicesDep, ai: bool = False
) -> dict[str, Any]:
    return run(request, services, principal, "team_gaps", {"team": team, "ai_only": ai})


@router.get(
    "/v1/departments/{department}/gaps", tags=["gaps"], summary="A department's coverage and gaps"
)
def department_gaps(
    department: str,
    request: Request,
    principal: PrincipalDep,
    services: ServicesDep,
    ai: bool = False,
) -> dict[str, Any]:
    return run(request, services, principal, "team_gaps", {"department": department, "ai_only": ai})


@router.get(
    "/v1/teams",
    tags=["gaps"],
    summary="Teams with their department and size (aggregates: any role but employees)",
)
def list_teams(principal: PrincipalDep, services: ServicesDep) -> dict[str, Any]:
    if principal.caller.role is CallerRole.EMPLOYEE:
        raise AccessDenied("Team figures are for managers and HR.")
    org = context(services, principal).org
    sizes: dict[tuple[str, str], int] = {}
    for person in org.employees.values():
        key = (person.team, person.department)
        sizes[key] = sizes.get(key, 0) + 1
    visible = visible_employees(principal.caller, org)
    mine = (
        None
        if visible is None or principal.caller.role is CallerRole.EVALUATOR
        else {org.employees[e].team for e in visible if e in org.employees}
    )
    return {
        "teams": [
            {
                "team": team,
                "department": department,
                "size": size,
                "below_min_group": size < services.settings.min_group_size,
            }
            for (team, department), size in sorted(sizes.items())
            if mine is None or team in mine
        ]
    }


@router.get(
    "/v1/teams/{team}/advice",
    tags=["gaps"],
    summary="Build, buy or borrow for each skill the team lacks",
)
def team_advice(
    team: str, request: Request, principal: PrincipalDep, services: ServicesDep
) -> dict[str, Any]:
    return run(request, services, principal, "build_buy_borrow", {"team": team})


@router.get(
    "/v1/teams/{team}/heatmap",
    tags=["gaps"],
    summary="People × skills (HR, admin; managers for their own teams)",
)
def team_heatmap(team: str, principal: PrincipalDep, services: ServicesDep) -> dict[str, Any]:
    ctx = context(services, principal)
    people = ctx.org.members(team=team)
    if principal.caller.role is CallerRole.EVALUATOR or not all(
        can_see_employee(principal.caller, ctx.org, p.employee_id) for p in people
    ):
        raise AccessDenied(
            "The heatmap shows individuals: it is for HR, admins and the team's own managers."
        )
    return ctx.insights.heatmap(team=team)


@router.get("/v1/mentors", tags=["people"], summary="Mentors for a skill up to a level")
def mentors(
    request: Request,
    principal: PrincipalDep,
    services: ServicesDep,
    skill: str,
    level: Annotated[int, Query(ge=1, le=5)],
    learner: str | None = None,
) -> dict[str, Any]:
    return run(
        request,
        services,
        principal,
        "find_mentors",
        {"skill": skill, "level": level, "learner": learner},
    )


@router.get("/v1/search", tags=["search"], summary="Hybrid search (access-filtered)")
def search(
    request: Request,
    principal: PrincipalDep,
    services: ServicesDep,
    q: Annotated[str, Query(min_length=1, max_length=500)],
    type: str | None = None,
    top: Annotated[int, Query(ge=1, le=20)] = 5,
) -> dict[str, Any]:
    if type is not None and type not in ("skill", "role", "profile", "resource"):
        raise UserError("type must be skill, role, profile or resource")
    return run(
        request,
        services,
        principal,
        "search_documents",
        {"query": q, "types": [type] if type else None, "top_k": top},
    )


# ---------------------------------------------------------------- plans


class PlanRequest(BaseModel):
    employee_id: str
    role_id: str | None = None
    weeks: int | None = Field(default=None, ge=1, le=260, description="default: configured")
    hours_per_week: float | None = Field(
        default=None, gt=0, le=40, description="default: configured"
    )


class PlanDecision(BaseModel):
    status: str = Field(
        examples=["approved"], description="approved, rejected, in_progress, completed"
    )
    comment: str = Field(default="", max_length=2000)


@router.post("/v1/plans", tags=["plans"], status_code=201, summary="Draft a learning plan")
def draft_plan(
    body: PlanRequest, request: Request, principal: PrincipalDep, services: ServicesDep
) -> dict[str, Any]:
    return run(
        request,
        services,
        principal,
        "draft_learning_plan",
        {
            "employee": body.employee_id,
            "role": body.role_id,
            "weeks": body.weeks,
            "hours_per_week": body.hours_per_week,
        },
    )


def _visible_plan(services: Services, principal: Principal, plan_id: str) -> dict[str, Any]:
    plan = services.store.plans.get(plan_id)
    org = context(services, principal).org
    if not can_see_employee(principal.caller, org, plan["employee_id"]):
        raise NotFoundError(f"no learning plan '{plan_id}'")  # don't reveal it exists
    return plan


@router.get("/v1/plans/{plan_id}", tags=["plans"], summary="A learning plan")
def get_plan(plan_id: str, principal: PrincipalDep, services: ServicesDep) -> dict[str, Any]:
    return _visible_plan(services, principal, plan_id)


@router.patch(
    "/v1/plans/{plan_id}",
    tags=["plans"],
    summary="Approve or reject (a manager of the employee, or HR/admin)",
)
def decide_plan(
    plan_id: str, body: PlanDecision, principal: PrincipalDep, services: ServicesDep
) -> dict[str, Any]:
    plan = _visible_plan(services, principal, plan_id)
    caller = principal.caller
    org = context(services, principal).org
    is_their_manager = (
        caller.role is CallerRole.MANAGER
        and caller.employee_id != plan["employee_id"]
        and plan["employee_id"] in org.reports(caller.employee_id or "")
    )
    if body.status in ("approved", "rejected") and not (caller.sees_everyone or is_their_manager):
        raise AccessDenied(
            "Only a manager of the employee, HR or an admin can approve or "
            "reject a plan (and nobody their own)."
        )
    return services.store.plans.set_status(plan_id, body.status, principal.key_name, body.comment)


@router.get("/v1/plans", tags=["plans"], summary="Plans the caller may see")
def list_plans(
    principal: PrincipalDep,
    services: ServicesDep,
    employee_id: str | None = None,
    status: str | None = None,
) -> dict[str, Any]:
    org = context(services, principal).org
    plans = services.store.plans.list(employee_id, status)
    return {
        "plans": [p for p in plans if can_see_employee(principal.caller, org, p["employee_id"])]
    }


@router.post(
    "/v1/plans/{plan_id}/actions/{index}/done",
    tags=["plans"],
    summary="Mark an action of an approved plan done (the employee, their manager, HR)",
)
def plan_action_done(
    plan_id: str, index: int, principal: PrincipalDep, services: ServicesDep, undo: bool = False
) -> dict[str, Any]:
    _visible_plan(services, principal, plan_id)
    if principal.caller.role.value == "evaluator":
        raise AccessDenied("Evaluators cannot change plans.")
    return services.store.plans.mark_done(plan_id, index, not undo)


class ScenarioRequest(BaseModel):
    role_id: str
    headcount: int = Field(ge=1, le=1000)
    by: str = Field(examples=["2027-06-30"], pattern=r"^\d{4}-\d{2}-\d{2}$")
    readiness_threshold: float | None = Field(
        default=None, gt=0, le=1, description="default: configured"
    )


@router.post(
    "/v1/scenarios",
    tags=["planning"],
    summary="Workforce scenario: grow internally or hire (HR, admin)",
)
def scenario(
    body: ScenarioRequest, request: Request, principal: PrincipalDep, services: ServicesDep
) -> dict[str, Any]:
    return run(
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


# ---------------------------------------------------------------- admin


@router.get("/v1/audit", tags=["operations"], summary="The audit log (admin)")
def audit_log(
    principal: PrincipalDep,
    services: ServicesDep,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> dict[str, Any]:
    if principal.caller.role is not CallerRole.ADMIN:
        raise AccessDenied("The audit log is for admins.")
    return {"events": services.store.audit.list(limit)}
