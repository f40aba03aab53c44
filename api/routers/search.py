"""/v1/search: hybrid search, filtered to what the caller may see before it runs."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request

from api.deps import PrincipalDep, ServicesDep, run_tool
from api.schemas.search import SearchPublic
from core.errors import UserError

router = APIRouter(prefix="/v1/search", tags=["search"])
TYPES = ("skill", "role", "profile", "resource")


@router.get(
    "",
    response_model=SearchPublic,
    response_model_exclude_unset=True,
    summary="Hybrid search (access-filtered)",
)
def search(
    request: Request,
    principal: PrincipalDep,
    services: ServicesDep,
    q: Annotated[str, Query(min_length=1, max_length=500)],
    type: str | None = None,
    top: Annotated[int, Query(ge=1, le=20)] = 5,
) -> dict[str, Any]:
    if type is not None and type not in TYPES:
        raise UserError(f"type must be {', '.join(TYPES[:-1])} or {TYPES[-1]}")
    return run_tool(
        request,
        services,
        principal,
        "search_documents",
        {"query": q, "types": [type] if type else None, "top_k": top},
    )
