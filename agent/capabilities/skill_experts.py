"""Who knows a skill: the people at an advanced level or above, highest first."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from agent.access import require_people_lists, visible_employees
from agent.capabilities.base import Capability, MissingSlot, Turn
from agent.context import Args, Citation, ToolContext, ToolResult, employee_citation
from agent.slots import Slots
from domain.mobility import MENTOR_FLOOR


class ExpertArgs(Args):
    skill: str = Field(min_length=1, description="skill id, name or alias")


def access(ctx: ToolContext, args: ExpertArgs) -> None:
    require_people_lists(ctx.caller, "Lists of experts")


def run(ctx: ToolContext, args: ExpertArgs) -> ToolResult:
    skill = ctx.org.skill(args.skill)
    visible = visible_employees(ctx.caller, ctx.org)
    experts: list[dict[str, Any]] = []
    for employee_id, level in ctx.org.skill_holders(skill.skill_id):
        if level < MENTOR_FLOOR:
            break  # holders come highest level first
        if visible is not None and employee_id not in visible:
            continue
        person = ctx.org.employees[employee_id]
        current = ctx.org.levels(employee_id)[skill.skill_id]
        experts.append(
            {
                "employee_id": employee_id,
                "name": person.name,
                "level": level,
                "team": person.team,
                "department": person.department,
                "source": current.source.value,
                "assessed_on": current.assessed_on.isoformat(),
                "stale": current.stale,
            }
        )
    data = {
        "skill_id": skill.skill_id,
        "name": skill.name,
        "min_level": MENTOR_FLOOR,
        "experts": experts,
    }
    return ToolResult(
        "skill_experts",
        args.model_dump(),
        data,
        [Citation(skill.skill_id, "skill", skill.name)]
        + [employee_citation(ctx, e["employee_id"]) for e in experts],
    )


def fill(slots: Slots, turn: Turn) -> dict[str, Any]:
    skill = slots.skills[0] if slots.skills else turn.previous("skill")
    if skill is None:
        raise MissingSlot("experts in which skill? (e.g. 'Kubernetes')")
    return {"skill": skill}


CAPABILITY = Capability(
    name="skill_experts",
    description="Who knows a skill: the people at level 4 (advanced) or above, highest first.",
    fill=fill,
    args=ExpertArgs,
    run=run,
    access=access,
    template="answers/experts.j2",
    needs=frozenset({"skill"}),
    who="HR and admins; managers among their reports",
    suggestion="Who are our Kubernetes experts?",
    # filled per caller (agent/suggestions.py): the first that reads and is allowed
    suggest=(
        "Who are our <PERSON_GAP_SKILL> experts?",
        "Who are our <TEAM_GAP_SKILL> experts?",
        "Who are our Kubernetes experts?",
    ),
    examples=(
        "Who knows <SKILL>?",
        "Who are our <SKILL> experts?",
        "Who is good at <SKILL>?",
        "<SKILL> experts",
        "Does anyone here know <SKILL> well?",
        "Which people have advanced <SKILL> skills?",
        "who is strongest in <SKILL>",
        "Who could I ask about <SKILL>?",
        "list people with <SKILL> level 4 or 5",
        "Who in my team is an expert in <SKILL>?",
    ),
)
