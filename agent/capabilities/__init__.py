"""The capability catalogue: every question the assistant can answer, declared once per
module in this package (see base.py for what a declaration holds). To add a capability,
add a module here, its answer template under prompts/answers/, and list it below."""

from __future__ import annotations

from typing import Any

from agent.capabilities import (
    build_buy_borrow,
    compare_people,
    decisions_log,
    draft_learning_plan,
    draft_programme,
    find_mentors,
    get_employee_profile,
    get_role,
    get_skill,
    initiative_needs,
    initiative_readiness,
    internal_candidates,
    internal_fill,
    kpis,
    learning_catalogue,
    next_roles,
    open_vacancies,
    person_gaps,
    programme_status,
    quarter_changes,
    retention,
    role_paths,
    roles_needing_skill,
    scorecard,
    search_documents,
    show_plans,
    single_points_of_failure,
    skill_experts,
    team_gaps,
    team_heatmap,
    time_to_fill,
    workforce_scenario,
)
from agent.capabilities.base import Capability
from agent.context import ToolContext, ToolResult

CATALOGUE: dict[str, Capability] = {
    module.CAPABILITY.name: module.CAPABILITY
    for module in (
        person_gaps,
        compare_people,
        team_gaps,
        team_heatmap,
        build_buy_borrow,
        single_points_of_failure,
        skill_experts,
        internal_candidates,
        next_roles,
        find_mentors,
        draft_learning_plan,
        show_plans,
        draft_programme,
        programme_status,
        initiative_needs,
        initiative_readiness,
        workforce_scenario,
        get_role,
        role_paths,
        get_skill,
        roles_needing_skill,
        get_employee_profile,
        learning_catalogue,
        kpis,
        time_to_fill,
        open_vacancies,
        internal_fill,
        retention,
        scorecard,
        quarter_changes,
        decisions_log,
        search_documents,
    )
}


def call_tool(ctx: ToolContext, name: str, arguments: dict[str, Any]) -> ToolResult:
    """Validate the arguments, check the capability's access rule as the context's caller,
    then run it. Nothing is read before the rule has passed."""
    capability = CATALOGUE[name]
    args = capability.args.model_validate(arguments)
    capability.access(ctx, args)
    return capability.run(ctx, args)


__all__ = ["CATALOGUE", "Capability", "call_tool"]
