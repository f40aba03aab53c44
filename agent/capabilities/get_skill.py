"""A skill of the framework and what each level means."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from agent.capabilities.base import Capability, MissingSlot, Turn, everyone
from agent.context import Args, Citation, ToolContext, ToolResult
from agent.slots import Slots


class SkillArgs(Args):
    skill: str = Field(min_length=1, description="skill id, name or alias")


def run(ctx: ToolContext, args: SkillArgs) -> ToolResult:
    skill = ctx.org.skill(args.skill)
    data = {
        "skill_id": skill.skill_id,
        "name": skill.name,
        "category": skill.category,
        "description": skill.description,
        "aliases": list(skill.aliases),
        "levels": [[level, text] for level, text in sorted(skill.level_descriptors.items())],
    }
    return ToolResult(
        "get_skill",
        args.model_dump(),
        data,
        [Citation(skill.skill_id, "skill", skill.name, skill.description[:200])],
    )


def fill(slots: Slots, turn: Turn) -> dict[str, Any]:
    skill = slots.skills[0] if slots.skills else turn.previous("skill")
    if skill is None:
        raise MissingSlot("which skill? (e.g. 'MLOps')")
    return {"skill": skill}


CAPABILITY = Capability(
    name="get_skill",
    description="A skill of the framework: what it is and what each proficiency level means.",
    fill=fill,
    args=SkillArgs,
    run=run,
    access=everyone,
    template="answers/skill.j2",
    needs=frozenset({"skill"}),
    suggestion="What is MLOps?",
    # filled per caller (agent/suggestions.py): the first that reads and is allowed
    suggest=(
        "What is <MY_GAP_SKILL>?",
        "What is <PERSON_GAP_SKILL>?",
        "What is MLOps?",
    ),
    examples=(
        "What is <SKILL>?",
        "define <SKILL>",
        "<SKILL>?",
        "Explain <SKILL>",
        "What does level 3 in <SKILL> mean?",
        "What are the levels of <SKILL>?",
        "What do we mean by <SKILL> in the framework?",
        "describe the skill <SKILL>",
        "What counts as advanced <SKILL>?",
    ),
)
