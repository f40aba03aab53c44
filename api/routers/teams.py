"""/v1/teams: teams and their figures (coverage and gaps, build/buy/borrow, heatmap)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request

from agent.access import require_heatmap, visible_teams
from api.deps import PrincipalDep, ServicesDep, run_tool
from api.schemas.teams import AdvicePublic, GroupGapsPublic, HeatmapPublic, TeamsPublic

router = APIRouter(prefix="/v1/teams", tags=["gaps"])


@router.get(
    "",
    response_model=TeamsPublic,
    response_model_exclude_unset=True,
    summary="Teams with their department and size (aggregates: any role but employees)",
)
def list_teams(principal: PrincipalDep, services: ServicesDep) -> dict[str, Any]:
    org = services.org()
    mine = visible_teams(principal.caller, org)
    sizes: dict[tuple[str, str], int] = {}
    for person in org.employees.values():
        key = (person.team, person.department)
        sizes[key] = sizes.get(key, 0) + 1
    return {
        "teams": [
            {
                "team": team,
                "department": department,
                "size": size,
                "below_min_group": size < services.settings.min_group_size,
            }
            for (team, department), size in sorted(sizes.items())
            if mine is None or team in mine
        ]
    }


@router.get(
    "/{team}/gaps",
    response_model=GroupGapsPublic,
    response_model_exclude_unset=True,
    summary="A team's coverage and gaps",
)
def team_gaps(
    team: str, request: Request, principal: PrincipalDep, services: ServicesDep, ai: bool = False
) -> dict[str, Any]:
    return run_tool(request, services, principal, "team_gaps", {"team": team, "ai_only": ai})


@router.get(
    "/{team}/advice",
    response_model=AdvicePublic,
    response_model_exclude_unset=True,
    summary="Build, buy or borrow for each skill the team lacks",
)
def team_advice(
    team: str, request: Request, principal: PrincipalDep, services: ServicesDep
) -> dict[str, Any]:
    return run_tool(request, services, principal, "build_buy_borrow", {"team": team})


@router.get(
    "/{team}/heatmap",
    response_model=HeatmapPublic,
    response_model_exclude_unset=True,
    summary="People × skills (HR, admin; managers for their own teams)",
)
def team_heatmap(team: str, principal: PrincipalDep, services: ServicesDep) -> dict[str, Any]:
    ctx = services.context(principal.caller)
    require_heatmap(principal.caller, ctx.org, [p.employee_id for p in ctx.org.members(team=team)])
    return ctx.insights.heatmap(team=team)
