"""/v1/programmes: HR–IT cross-training programmes. HR drafts and decides; people opt in
themselves; everyone follows an approved one (what of it each sees: agent/access.py)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request

from agent.access import (
    actor_label,
    require_opt_in,
    require_programme_drafting,
    require_programme_visible,
)
from agent.capabilities.programmes_common import shown
from api import audit
from api.deps import Principal, PrincipalDep, ServicesDep, run_tool
from api.schemas.programmes import (
    ProgrammeDecision,
    ProgrammePublic,
    ProgrammeRequest,
    ProgrammesPublic,
)
from core.errors import NotFoundError, UserError
from services import Services

router = APIRouter(prefix="/v1/programmes", tags=["cross-training"])


def _view(services: Services, principal: Principal, programme_id: str) -> dict[str, Any]:
    programme = services.store.programmes.get(programme_id)
    return shown(services.context(principal.caller), programme)


@router.post(
    "",
    response_model=ProgrammePublic,
    status_code=201,
    summary="Draft a cross-training programme between two departments (HR, admin)",
)
def draft(
    body: ProgrammeRequest, request: Request, principal: PrincipalDep, services: ServicesDep
) -> dict[str, Any]:
    return run_tool(request, services, principal, "draft_programme", body.model_dump())


@router.get("", response_model=ProgrammesPublic, summary="Programmes the caller may see")
def list_programmes(principal: PrincipalDep, services: ServicesDep) -> dict[str, Any]:
    found = services.store.programmes.list()
    return {
        "programmes": [
            {
                **{k: p[k] for k in ("programme_id", "title", "departments", "starts", "ends")},
                "status": p["status"],
                "participants": sum(1 for x in p["participants"] if not x["left_on"]),
            }
            for p in found
            if principal.caller.sees_everyone or p["status"] in ("approved", "closed")
        ]
    }


@router.get(
    "/{programme_id}",
    response_model=ProgrammePublic,
    summary="A programme: tracks, cohorts, and the pairs and progress the caller may see",
)
def get_programme(
    programme_id: str, request: Request, principal: PrincipalDep, services: ServicesDep
) -> dict[str, Any]:
    return run_tool(request, services, principal, "programme_status", {"programme": programme_id})


@router.patch(
    "/{programme_id}",
    response_model=ProgrammePublic,
    summary="Approve, reject or close a programme (HR, admin)",
)
def decide(
    programme_id: str, body: ProgrammeDecision, principal: PrincipalDep, services: ServicesDep
) -> dict[str, Any]:
    require_programme_drafting(principal.caller)
    services.store.programmes.decide(
        programme_id,
        body.status,
        actor_label(principal.caller, principal.key_name),
        body.comment,
        body.version,
    )
    return _view(services, principal, programme_id)


def _participant(
    services: Services, principal: Principal, programme_id: str, employee_id: str
) -> dict[str, Any]:
    programme = services.store.programmes.get(programme_id)
    require_programme_visible(principal.caller, programme)
    require_opt_in(principal.caller, services.org(), employee_id, programme)
    return programme


@router.put(
    "/{programme_id}/participants/{employee_id}",
    response_model=ProgrammePublic,
    summary="Opt in: the person themselves (HR and admins may record it on their word)",
)
def opt_in(
    programme_id: str,
    employee_id: str,
    request: Request,
    principal: PrincipalDep,
    services: ServicesDep,
) -> dict[str, Any]:
    _participant(services, principal, programme_id, employee_id)
    services.store.programmes.opt_in(
        programme_id,
        employee_id,
        services.org().as_of,
        actor_label(principal.caller, principal.key_name),
    )
    audit.note(request, cited=[f"employee:{employee_id}", f"programme:{programme_id}"])
    return _view(services, principal, programme_id)


@router.delete(
    "/{programme_id}/participants/{employee_id}",
    response_model=ProgrammePublic,
    summary="Opt out: the person themselves (or HR on their word)",
)
def opt_out(
    programme_id: str,
    employee_id: str,
    request: Request,
    principal: PrincipalDep,
    services: ServicesDep,
) -> dict[str, Any]:
    _participant(services, principal, programme_id, employee_id)
    services.store.programmes.withdraw(programme_id, employee_id, services.org().as_of)
    audit.note(request, cited=[f"employee:{employee_id}", f"programme:{programme_id}"])
    return _view(services, principal, programme_id)


@router.post(
    "/{programme_id}/participants/{employee_id}/actions/{index}/done",
    response_model=ProgrammePublic,
    summary="Mark one of a participant's track actions done (the person, or HR)",
)
def action_done(
    programme_id: str,
    employee_id: str,
    index: int,
    request: Request,
    principal: PrincipalDep,
    services: ServicesDep,
) -> dict[str, Any]:
    programme = _participant(services, principal, programme_id, employee_id)
    joined = next((p for p in programme["participants"] if p["employee_id"] == employee_id), None)
    if joined is None or joined["left_on"]:
        raise NotFoundError(f"'{employee_id}' does not take part in '{programme_id}'")
    department = services.org().employees[employee_id].department
    track = next(t for t in programme["tracks"] if t["learners"] == department)
    if not 0 <= index < len(track["actions"]):
        raise UserError(f"action: {index} is not one of the track's {len(track['actions'])}")
    services.store.programmes.mark_done(programme_id, employee_id, index, services.org().as_of)
    audit.note(request, cited=[f"employee:{employee_id}", f"programme:{programme_id}"])
    return _view(services, principal, programme_id)
