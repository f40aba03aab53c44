"""/v1/initiatives: AI initiatives. HR describes a use case; its competencies are read from
the text for HR and IT to review; everyone may see what it needs, and those who may see the
named teams' figures its coverage, gaps and roadmap (agent/access.py)."""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request

from agent.access import actor_label, require_hr_or_admin, require_initiative_review
from api.deps import PrincipalDep, ServicesDep, run_tool
from api.schemas.initiatives import (
    CompetenciesRequest,
    InitiativePublic,
    InitiativeRequest,
    InitiativesPublic,
)
from core.errors import UserError
from domain.initiatives import people_needed
from domain.titles import title_problem
from ingest.initiatives import InitiativeFile
from ingest.native_format import BadValue, identifier

router = APIRouter(prefix="/v1/initiatives", tags=["AI initiatives"])


@router.get("", response_model=InitiativesPublic, summary="AI initiatives on record")
def list_initiatives(principal: PrincipalDep, services: ServicesDep) -> dict[str, Any]:
    return {
        "initiatives": [
            {
                **{k: i[k] for k in ("initiative_id", "title", "target", "teams")},
                "competencies": len(i["competencies"]),
                "reviewed": i["reviewed_by"] is not None,
            }
            for i in services.store.initiatives.all()
        ]
    }


@router.post(
    "",
    response_model=InitiativePublic,
    status_code=201,
    summary="Describe an initiative; its competencies are read from the text (HR, admin)",
)
def create(
    body: InitiativeRequest, request: Request, principal: PrincipalDep, services: ServicesDep
) -> dict[str, Any]:
    require_hr_or_admin(principal.caller, "Adding AI initiatives")
    wrong = title_problem(body.title)
    if wrong:  # a title is printed in answers as the service's words: a name, not a message
        raise UserError(f"title: {wrong}")
    try:
        target = date.fromisoformat(body.target)
    except ValueError:
        raise UserError(f"target: '{body.target}' is not a date (YYYY-MM-DD)") from None
    slug = body.initiative_id or re.sub(r"[^a-z0-9]+", "-", body.title.casefold()).strip("-")
    try:
        initiative_id = identifier(slug)
    except BadValue as exc:
        raise UserError(f"initiative_id: {exc}") from None
    known = {e.team for e in services.org().employees.values()}
    unknown = [t for t in body.teams if t not in known]
    if unknown:
        raise UserError(f"teams: no team called {', '.join(repr(t) for t in unknown)}")
    item = InitiativeFile(
        initiative_id, body.title.strip(), body.description, target, body.teams, "api"
    )
    services.ingestor.store_initiatives([item], actor_label(principal.caller, principal.key_name))
    return run_tool(request, services, principal, "initiative_needs", {"initiative": initiative_id})


@router.get(
    "/{initiative_id}",
    response_model=InitiativePublic,
    summary="What an initiative needs; coverage, gaps and roadmap for those who may see them",
)
def get_initiative(
    initiative_id: str, request: Request, principal: PrincipalDep, services: ServicesDep
) -> dict[str, Any]:
    return run_tool(request, services, principal, "initiative_needs", {"initiative": initiative_id})


@router.get(
    "/{initiative_id}/readiness",
    response_model=InitiativePublic,
    summary="Are the named teams ready by a day (default: the target date)?",
)
def readiness(
    initiative_id: str,
    request: Request,
    principal: PrincipalDep,
    services: ServicesDep,
    by: Annotated[str | None, Query(max_length=10, description="YYYY-MM-DD")] = None,
) -> dict[str, Any]:
    return run_tool(
        request,
        services,
        principal,
        "initiative_readiness",
        {"initiative": initiative_id, "by": by},
    )


@router.put(
    "/{initiative_id}/competencies",
    response_model=InitiativePublic,
    summary="Accept or correct an initiative's competencies (HR, admin, managers of its teams)",
)
def review(
    initiative_id: str,
    body: CompetenciesRequest,
    request: Request,
    principal: PrincipalDep,
    services: ServicesDep,
) -> dict[str, Any]:
    stored = services.store.initiatives.get(initiative_id)
    require_initiative_review(principal.caller, services.org(), stored["teams"])
    skills = services.org().skills
    unknown = [c.skill_id for c in body.competencies if c.skill_id not in skills]
    if unknown:
        raise UserError(f"unknown skill(s): {', '.join(unknown)}")
    if len({c.skill_id for c in body.competencies}) != len(body.competencies):
        raise UserError("each skill may appear once")
    services.store.initiatives.review(
        initiative_id,
        [
            {
                "skill_id": c.skill_id,
                "level": c.level,
                "importance": c.importance,
                "people": c.people or people_needed(c.importance),
                "evidence": "reviewed",
                "confidence": 1.0,
                "soft": False,
            }
            for c in body.competencies
        ],
        actor_label(principal.caller, principal.key_name),
    )
    return run_tool(request, services, principal, "initiative_needs", {"initiative": initiative_id})
