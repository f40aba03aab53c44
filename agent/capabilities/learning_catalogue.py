"""The learning catalogue for a skill: courses, certifications, workshops, on-the-job work,
mentoring, coaching and reading, internal or external, with hours and cost."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from agent.capabilities.base import Capability, MissingSlot, Turn, everyone
from agent.context import Args, Citation, ToolContext, ToolResult
from agent.slots import Slots


class CatalogueArgs(Args):
    skill: str = Field(min_length=1, description="skill id, name or alias")
    internal: bool | None = Field(
        default=None, description="true: Kestrel Academy only; false: external only"
    )


def run(ctx: ToolContext, args: CatalogueArgs) -> ToolResult:
    skill = ctx.org.skill(args.skill)
    rows: list[dict[str, Any]] = []
    for resource in ctx.org.resources.values():
        level = next((s.level for s in resource.skills if s.skill_id == skill.skill_id), None)
        if level is None or (args.internal is not None and resource.internal != args.internal):
            continue
        rows.append(
            {
                "resource_id": resource.resource_id,
                "title": resource.title,
                "type": resource.type.value,
                "provider": resource.provider,
                "internal": resource.internal,
                "brings_to": level,
                "hours": resource.hours,
                "cost": resource.cost,
                "prerequisites": list(resource.prerequisites),
            }
        )
    rows.sort(key=lambda r: (r["brings_to"], not r["internal"], r["cost"], r["title"]))
    data = {
        "skill_id": skill.skill_id,
        "name": skill.name,
        "internal": args.internal,
        "currency": ctx.currency,
        "resources": rows,
    }
    return ToolResult(
        "learning_catalogue",
        args.model_dump(),
        data,
        [Citation(skill.skill_id, "skill", skill.name)]
        + [Citation(r["resource_id"], "resource", r["title"]) for r in rows],
    )


def fill(slots: Slots, turn: Turn) -> dict[str, Any]:
    skill = slots.skills[0] if slots.skills else turn.previous("skill")
    if skill is None:
        raise MissingSlot("learning resources for which skill? (e.g. 'Kubernetes')")
    internal = slots.internal
    if internal is None and turn.follow_up:
        internal = turn.previous("internal")
    return {"skill": skill, "internal": internal}


CAPABILITY = Capability(
    name="learning_catalogue",
    description="Courses, certifications, workshops and other learning resources for a skill, "
    "internal or external, with the level they bring, hours and cost.",
    fill=fill,
    args=CatalogueArgs,
    run=run,
    access=everyone,
    template="answers/catalogue.j2",
    needs=frozenset({"skill"}),
    suggestion="Which courses cover Kubernetes?",
    # filled per caller (agent/suggestions.py): the first that reads and is allowed
    suggest=(
        "Which courses cover <MY_GAP_SKILL>?",
        "Which courses cover <PERSON_GAP_SKILL>?",
        "Which courses cover Kubernetes?",
    ),
    examples=(
        "Which courses cover <SKILL>?",
        "training for <SKILL>",
        "Are there internal workshops on <SKILL>?",
        "What certifications exist for <SKILL>?",
        "How can I learn <SKILL>?",
        "external <SKILL> courses and their cost",
        "Which learning resources do we have for <SKILL>?",
        "Is there a free course on <SKILL>?",
        "<SKILL> training options",
        "What would a <SKILL> course cost and how long does it take?",
    ),
)
