"""/v1/plans: draft, read, approve or reject learning plans, and track their actions.

A plan's reads carry an `ETag` (its version); decisions and progress marks accept `If-Match`
and answer 412 when the plan changed since it was read, so nobody rejects a plan they never
saw approved."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Header, Query, Request, Response

from agent.access import (
    PLAN_NOT_FOUND,
    actor_label,
    actor_name,
    can_see_employee,
    may_decide_plan,
    require_plan_decision,
    require_plan_progress,
    require_plan_visible,
    visible_plan,
)
from api.deps import Principal, PrincipalDep, ServicesDep, run_tool
from api.pagination import PageDep
from api.schemas.plans import PlanDecision, PlanPublic, PlanRequest, PlansPublic
from core.errors import NotFoundError, UserError
from services import Services

router = APIRouter(prefix="/v1/plans", tags=["plans"])


def _visible_plan(services: Services, principal: Principal, plan_id: str) -> dict[str, Any]:
    try:
        plan = services.store.plans.get(plan_id)
    except NotFoundError:
        raise NotFoundError(PLAN_NOT_FOUND) from None
    require_plan_visible(principal.caller, services.org(), plan)
    return plan


def _shown(
    services: Services, principal: Principal, plan: dict[str, Any], response: Response
) -> dict[str, Any]:
    """The plan as this caller may read it (agent.access.visible_plan), with its ETag."""
    response.headers["ETag"] = etag(plan)
    return visible_plan(principal.caller, services.org(), plan)


def etag(plan: dict[str, Any]) -> str:
    return f'"v{plan.get("version") or 0}"'


IfMatch = Annotated[
    str | None,
    Header(
        description="the plan's ETag as you read it: a plan changed since then is refused "
        "with 412 (send it with every decision)"
    ),
]


def expected_version(if_match: str | None, plan: dict[str, Any]) -> int | None:
    """The version `If-Match` names: None when absent or "*" (any version will do)."""
    if if_match is None or if_match.strip() == "*":
        return None
    tags = [t.strip().removeprefix("W/").strip('"') for t in if_match.split(",")]
    if etag(plan).strip('"') in tags:
        return int(plan.get("version") or 0)
    versions = [t.removeprefix("v") for t in tags]
    if not all(v.isdigit() for v in versions):
        raise UserError(f"If-Match: '{if_match}' is not an ETag this service gave")
    return int(versions[0])


@router.post(
    "",
    response_model=PlanPublic,
    response_model_exclude_unset=True,
    status_code=201,
    summary="Draft a learning plan",
)
def draft_plan(
    body: PlanRequest,
    request: Request,
    response: Response,
    principal: PrincipalDep,
    services: ServicesDep,
) -> dict[str, Any]:
    plan = run_tool(
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
    response.headers["ETag"] = etag(plan)
    notify(services, "plan.drafted", plan, principal)
    return plan


def notify(services: Services, event: str, plan: dict[str, Any], principal: Principal) -> None:
    """Tell the portal (the plan webhook, when configured): who the plan is for, and who may
    decide it — the person's managers up the line, by id and name, and HR. No gaps, levels
    or free text leave the service this way."""
    org = services.org()
    notify_as(
        services,
        event,
        plan,
        actor_name(org, actor_label(principal.caller, principal.key_name)) or "",
    )


def notify_as(services: Services, event: str, plan: dict[str, Any], actor: str) -> None:
    """`notify` for an actor named already (a system: the LMS that reported a completion)."""
    org = services.org()
    approvers: list[dict[str, str]] = []
    seen: set[str] = set()
    person = org.employees.get(plan["employee_id"])
    manager = person.manager_id if person else None
    while manager and manager in org.employees and manager not in seen:
        seen.add(manager)
        approvers.append({"employee_id": manager, "name": org.employees[manager].name})
        manager = org.employees[manager].manager_id
    # the webhook sends only its PLAN_KEYS of this (services/webhooks.py)
    services.webhook.notify(event, {**plan, "approvers": [*approvers, {"role": "hr"}]}, actor)


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
    to_decide: Annotated[
        bool, Query(description="only drafts the caller may approve or reject")
    ] = False,
    order: Annotated[
        Literal["newest", "oldest"], Query(description="by the time the plan was drafted")
    ] = "newest",
) -> dict[str, Any]:
    org = services.org()
    plans = [
        p
        for p in services.store.plans.list(employee_id, "draft" if to_decide else status)
        if can_see_employee(principal.caller, org, p["employee_id"])
        and (not to_decide or may_decide_plan(principal.caller, org, p))
    ]
    # the id breaks ties between plans made in the same instant
    plans, paging = page.of(
        plans, lambda p: f"{p['created_at']}|{p['plan_id']}", descending=order == "newest"
    )
    return {**paging, "plans": [visible_plan(principal.caller, org, p) for p in plans]}


@router.get(
    "/{plan_id}",
    response_model=PlanPublic,
    response_model_exclude_unset=True,
    summary="A learning plan",
)
def get_plan(
    plan_id: str, response: Response, principal: PrincipalDep, services: ServicesDep
) -> dict[str, Any]:
    return _shown(services, principal, _visible_plan(services, principal, plan_id), response)


@router.patch(
    "/{plan_id}",
    response_model=PlanPublic,
    response_model_exclude_unset=True,
    summary="Approve or reject (a manager of the employee, or HR/admin)",
)
def decide_plan(
    plan_id: str,
    body: PlanDecision,
    response: Response,
    principal: PrincipalDep,
    services: ServicesDep,
    if_match: IfMatch = None,
) -> dict[str, Any]:
    plan = _visible_plan(services, principal, plan_id)
    require_plan_decision(principal.caller, services.org(), plan, body.status, body.comment)
    decided = services.store.plans.set_status(
        plan_id,
        body.status,
        actor_label(principal.caller, principal.key_name),
        body.comment,
        expected_version(if_match, plan),
        name=lambda label: actor_name(services.org(), label),
    )
    shown = _shown(services, principal, decided, response)
    notify(services, f"plan.{decided['status']}", shown, principal)
    return shown


@router.post(
    "/{plan_id}/actions/{index}/done",
    response_model=PlanPublic,
    response_model_exclude_unset=True,
    summary="Mark an action of an approved plan done (the employee, their manager, HR)",
)
def plan_action_done(
    plan_id: str,
    index: int,
    response: Response,
    principal: PrincipalDep,
    services: ServicesDep,
    undo: bool = False,
    if_match: IfMatch = None,
) -> dict[str, Any]:
    plan = _visible_plan(services, principal, plan_id)
    require_plan_progress(principal.caller)
    marked = services.store.plans.mark_done(
        plan_id,
        index,
        not undo,
        expected_version(if_match, plan),
        name=lambda label: actor_name(services.org(), label),
    )
    shown = _shown(services, principal, marked, response)
    if not undo:  # only an approved or started plan takes marks: "completed" is new here
        completed = shown["status"] == "completed"
        notify(services, "plan.completed" if completed else "plan.action_done", shown, principal)
    return shown
