"""/v1/mentors: who can mentor a skill up to a level."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request

from api.deps import PrincipalDep, ServicesDep, run_tool
from api.schemas.mentors import MentorsPublic

router = APIRouter(prefix="/v1/mentors", tags=["people"])


@router.get(
    "",
    response_model=MentorsPublic,
    response_model_exclude_unset=True,
    summary="Mentors for a skill up to a level",
)
def mentors(
    request: Request,
    principal: PrincipalDep,
    services: ServicesDep,
    skill: str,
    level: Annotated[int, Query(ge=1, le=5)],
    learner: str | None = None,
) -> dict[str, Any]:
    return run_tool(
        request,
        services,
        principal,
        "find_mentors",
        {"skill": skill, "level": level, "learner": learner},
    )
