"""/v1/completions: learning completions the LMS reported (/xapi, or a CSV import), and
those that matched no person or no catalogue resource, for HR to resolve."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query

from agent.access import require_completions_reader
from api.deps import PrincipalDep, ServicesDep
from api.pagination import PageDep
from api.schemas.completions import CompletionsPublic

router = APIRouter(prefix="/v1/completions", tags=["learning completions"])


@router.get(
    "",
    response_model=CompletionsPublic,
    summary="Learning completions the LMS reported, newest first (HR, admin)",
)
def list_completions(
    principal: PrincipalDep,
    services: ServicesDep,
    page: PageDep,
    status: Annotated[
        Literal["unmatched", "applied", "matched", "unknown_person", "unknown_activity"] | None,
        Query(description="unmatched: both kinds of unknown"),
    ] = None,
    employee_id: Annotated[str | None, Query(max_length=128)] = None,
) -> dict[str, Any]:
    require_completions_reader(principal.caller)
    repo = services.store.completions
    rows = repo.list(status, employee_id, limit=10_000)
    chunk, fields = page.of(
        rows, key=lambda r: f"{r['received_at']}|{r['statement_id']}", descending=True
    )
    people = services.org().flow.people
    return {
        **fields,
        "counts": repo.counts(),
        "completions": [
            {**r, "name": people[r["employee_id"]].name if r["employee_id"] in people else None}
            for r in chunk
        ],
    }
