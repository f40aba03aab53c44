"""/v1/capabilities: what the assistant can answer, from the one catalogue
(agent/capabilities/): the help text and these docs read the same declarations; and
/v1/suggestions: questions for the signed-in caller, filled from what they may see."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from agent.capabilities import CATALOGUE
from api.deps import PrincipalDep, ServicesDep
from api.schemas.capabilities import CapabilitiesPublic, SuggestionsPublic

router = APIRouter(tags=["chat"])


@router.get(
    "/v1/capabilities", response_model=CapabilitiesPublic, summary="What the assistant can answer"
)
def capabilities(principal: PrincipalDep) -> dict[str, Any]:
    return {
        "capabilities": [
            {
                "name": c.name,
                "description": c.description,
                "who": c.who,
                "example": c.suggestion,
                "arguments": c.args.model_json_schema().get("properties", {}),
            }
            for c in CATALOGUE.values()
        ]
    }


@router.get(
    "/v1/suggestions",
    response_model=SuggestionsPublic,
    summary="Questions the signed-in caller can ask, about their own organisation",
)
def suggested(principal: PrincipalDep, services: ServicesDep) -> dict[str, Any]:
    """One per capability the caller may use, filled with people, roles and teams they may
    see (a manager's report and her goal role; HR's first person with a goal role), and
    each read by the assistant as that capability: none is refused or asks back."""
    found = services.assistant.suggestions(principal.caller)
    return {"suggestions": [s.to_dict() for s in found]}
