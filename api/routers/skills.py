"""/v1/skills: the skills framework, and phrases normalised onto it."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request

from api.deps import PrincipalDep, ServicesDep, run_tool
from api.pagination import PageDep
from api.schemas.skills import (
    ExtractRequest,
    MatchesPublic,
    MatchRequest,
    MentionsPublic,
    SkillPublic,
    SkillsPublic,
)

router = APIRouter(prefix="/v1/skills", tags=["skills"])


@router.get(
    "",
    response_model=SkillsPublic,
    response_model_exclude_unset=True,
    summary="The skills framework",
)
def list_skills(principal: PrincipalDep, services: ServicesDep, page: PageDep) -> dict[str, Any]:
    skills, paging = page.of(services.org().skills.values(), lambda s: s.skill_id)
    return {
        **paging,
        "skills": [
            {
                "skill_id": s.skill_id,
                "name": s.name,
                "category": s.category,
                "aliases": list(s.aliases),
            }
            for s in skills
        ],
    }


@router.post(
    "/match",
    response_model=MatchesPublic,
    response_model_exclude_unset=True,
    summary="Normalise phrases or sentences to skills",
)
def match_skills(
    body: MatchRequest, principal: PrincipalDep, services: ServicesDep
) -> dict[str, Any]:
    results = services.knowledge.match_skills(body.phrases, body.top)
    return {"results": [r.to_dict() for r in results]}


@router.post(
    "/extract",
    response_model=MentionsPublic,
    response_model_exclude_unset=True,
    summary="The skills a text mentions (a sentence or a whole job description)",
)
def extract_skills(
    body: ExtractRequest, principal: PrincipalDep, services: ServicesDep
) -> dict[str, Any]:
    mentions, rerank = services.extract_skills(body.text, rerank=body.rerank)
    return {"mentions": [m.to_dict() for m in mentions]} | ({"rerank": rerank} if rerank else {})


@router.get(
    "/{skill_id}",
    response_model=SkillPublic,
    response_model_exclude_unset=True,
    summary="One skill with level descriptors",
)
def get_skill(
    skill_id: str, request: Request, principal: PrincipalDep, services: ServicesDep
) -> dict[str, Any]:
    return run_tool(request, services, principal, "get_skill", {"skill": skill_id})
