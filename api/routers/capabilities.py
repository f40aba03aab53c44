"""/v1/capabilities: what the assistant can answer, from the one catalogue (agent/capabilities/):
the web app's suggestions, the help text and these docs all read the same declarations."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from agent.capabilities import CATALOGUE
from api.deps import PrincipalDep
from api.schemas.capabilities import CapabilitiesPublic

router = APIRouter(prefix="/v1/capabilities", tags=["chat"])


@router.get("", response_model=CapabilitiesPublic, summary="What the assistant can answer")
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
