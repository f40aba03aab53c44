"""A role and its requirements; with a skill, how much of that skill the role needs."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from agent.capabilities.base import Capability, MissingSlot, Turn, everyone
from agent.context import Args, ToolContext, ToolResult, role_citation
from agent.slots import Slots


class RoleArgs(Args):
    role: str = Field(min_length=1, description="role id or title")
    skill: str | None = Field(default=None, description="only how much of this skill it needs")


def run(ctx: ToolContext, args: RoleArgs) -> ToolResult:
    role = ctx.org.role(args.role)
    data: dict[str, Any] = {
        "role_id": role.role_id,
        "title": role.title,
        "department": role.department,
        "family": role.family,
        "description": role.description,
        "requirements": [
            {
                "skill_id": q.skill_id,
                "name": ctx.org.skills[q.skill_id].name,
                "level": q.level,
                "importance": q.importance,
                "inferred": q.inferred,
                # what an inferred requirement was read from, for a person to review
                **({"evidence": q.evidence, "confidence": q.confidence} if q.inferred else {}),
            }
            for q in sorted(role.requirements, key=lambda q: (-q.importance, -q.level, q.skill_id))
        ],
        "next_roles": list(role.next_roles),
    }
    if args.skill:
        skill = ctx.org.skill(args.skill)
        data["focus"] = {
            "skill_id": skill.skill_id,
            "name": skill.name,
            "requirement": next(
                (q for q in data["requirements"] if q["skill_id"] == skill.skill_id), None
            ),
        }
    return ToolResult("get_role", args.model_dump(), data, [role_citation(ctx, role.role_id)])


def fill(slots: Slots, turn: Turn) -> dict[str, Any]:
    role = slots.roles[0] if slots.roles else turn.previous("role")
    if role is None:
        raise MissingSlot("which role? (e.g. 'Site Reliability Engineer')")
    return {"role": role, "skill": slots.skills[0] if slots.skills else None}


CAPABILITY = Capability(
    name="get_role",
    description="A role and its skill requirements (level and importance); or how much of one "
    "skill it needs.",
    fill=fill,
    args=RoleArgs,
    run=run,
    access=everyone,
    template="answers/role.j2",
    needs=frozenset({"role"}),
    uses=frozenset({"skill"}),
    suggestion="What does a Site Reliability Engineer need?",
    # filled per caller (agent/suggestions.py): the first that reads and is allowed
    suggest=(
        "What does the <PERSON_GOAL_ROLE> role need?",
        "What does the <MY_GOAL_ROLE> role need?",
        "What does a Site Reliability Engineer need?",
    ),
    examples=(
        "What does a <ROLE> need?",
        "What does a <ROLE> do?",
        "requirements <ROLE>",
        "Which skills does the <ROLE> role require?",
        "How much <SKILL> does a <ROLE> need?",
        "What level of <SKILL> is required for <ROLE>?",
        "Does a <ROLE> need <SKILL>?",
        "Tell me about the <ROLE> role",
        "<ROLE> job description",
        "What are the must-have skills for a <ROLE>?",
        "how important is <SKILL> for <ROLE>",
    ),
)
