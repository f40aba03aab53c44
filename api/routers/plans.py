"""/v1/plans: draft, read, approve or reject learning plans, and track their actions."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request

from agent.access import (
    PLAN_NOT_FOUND,
    can_see_employee,
    require_plan_decision,
    require_plan_progress,
    require_plan_visible,
    visible_plan,
)
from api.deps import Principal, PrincipalDep, ServicesDep, run_tool
from api.pagination import PageDep
from api.schemas.plans import PlanDecision, PlanPublic, PlanRequest, PlansPublic
from core.errors import NotFoundError
from services import Services

router = APIRouter(prefix="/v1/plans", tags=["plans"])


def _visible_plan(services: Services, principal: Principal, plan_id: str) -> dict[str, Any]:
    try:
        plan = services.store.plans.get(plan_id)
    except NotFoundError:
        raise NotFoundError(PLAN_NOT_FOUND) from None
    require_plan_visible(principal.caller, services.org(), plan)
    return plan


def _shown(services: Services, principal: Principal, plan: dict[str, Any]) -> dict[str, Any]:
    """The plan as this caller may read it (agent.access.visible_plan)."""
    return visible_plan(principal.caller, services.org(), plan)


@router.post(
    "",
    response_model=PlanPublic,
    response_model_exclude_unset=True,
    status_code=201,
    summary="Draft a learning plan",
)
def draft_plan(
    body: PlanRequest, request: Request, principal: PrincipalDep, services: ServicesDep
) -> dict[str, Any]:
    return run_tool(
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


@router.get(
    "",
    response_model=PlansPublic,
    response_model_exclude_unset=True,
    summary="Plans the caller may see",
)
def list_plans(
    principal: PrincipalDep,
    services: ServicesDep,
    page: PageDep,
    employee_id: str | None = None,
    status: str | None = None,
) -> dict[str, Any]:
    org = services.org()
    plans = [
        p
        for p in services.store.plans.list(employee_id, status)
        if can_see_employee(principal.caller, org, p["employee_id"])
    ]
    # oldest first, as before; the id breaks ties between plans made in the same instant
    plans, paging = page.of(plans, lambda p: f"{p['created_at']}|{p['plan_id']}")
    return {**paging, "plans": [_shown(services, principal, p) for p in plans]}


@router.get(
    "/{plan_id}",
    response_model=PlanPublic,
    response_model_exclude_unset=True,
    summary="A learning plan",
)
def get_plan(plan_id: str, principal: PrincipalDep, services: ServicesDep) -> dict[str, Any]:
    return _shown(services, principal, _visible_plan(services, principal, plan_id))


@router.patch(
    "/{plan_id}",
    response_model=PlanPublic,
    response_model_exclude_unset=True,
    summary="Approve or reject (a manager of the employee, or HR/admin)",
)
def decide_plan(
    plan_id: str, body: PlanDecision, principal: PrincipalDep, services: ServicesDep
) -> dict[str, Any]:
    plan = _visible_plan(services, principal, plan_id)
    require_plan_decision(principal.caller, services.org(), plan, body.status, body.comment)
    decided = services.store.plans.set_status(
        plan_id, body.status, principal.key_name, body.comment
    )
    return _shown(services, principal, decided)


@router.post(
    "/{plan_id}/actions/{index}/done",
    response_model=PlanPublic,
    response_model_exclude_unset=True,
    summary="Mark an action of an approved plan done (the employee, their manager, HR)",
)
def plan_action_done(
    plan_id: str, index: int, principal: PrincipalDep, services: ServicesDep, undo: bool = False
) -> dict[str, Any]:
    _visible_plan(services, principal, plan_id)
    require_plan_progress(principal.caller)
    return _shown(services, principal, services.store.plans.mark_done(plan_id, index, not undo))
