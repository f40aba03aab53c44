"""The roles that require a skill, at which level and how important it is to each."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from agent.capabilities.base import Capability, MissingSlot, Turn, everyone
from agent.context import Args, Citation, ToolContext, ToolResult, role_citation
from agent.slots import Slots


class SkillArgs(Args):
    skill: str = Field(min_length=1, description="skill id, name or alias")


def run(ctx: ToolContext, args: SkillArgs) -> ToolResult:
    skill = ctx.org.skill(args.skill)
    roles: list[dict[str, Any]] = []
    for role in ctx.org.roles.values():
        for q in role.requirements:
            if q.skill_id == skill.skill_id:
                roles.append(
                    {
                        "role_id": role.role_id,
                        "title": role.title,
                        "department": role.department,
                        "level": q.level,
                        "importance": q.importance,
                        "critical": q.importance >= 5,
                        "inferred": q.inferred,
                        "holders": len(ctx.org.holders(role.role_id)),
                    }
                )
    roles.sort(key=lambda r: (-r["importance"], -r["level"], r["title"]))
    data = {"skill_id": skill.skill_id, "name": skill.name, "roles": roles}
    citations = [Citation(skill.skill_id, "skill", skill.name, skill.description[:200])]
    citations += [role_citation(ctx, r["role_id"]) for r in roles]
    return ToolResult("roles_needing_skill", args.model_dump(), data, citations)


def fill(slots: Slots, turn: Turn) -> dict[str, Any]:
    skill = slots.skills[0] if slots.skills else turn.previous("skill")
    if skill is None:
        raise MissingSlot("roles that need which skill? (e.g. 'Kubernetes')")
    return {"skill": skill}


CAPABILITY = Capability(
    name="roles_needing_skill",
    description="The roles that require a skill, at which level and how important it is.",
    fill=fill,
    args=SkillArgs,
    run=run,
    access=everyone,
    template="answers/roles_needing_skill.j2",
    needs=frozenset({"skill"}),
    suggestion="Which roles need Kubernetes?",
    suggest=(
        "Which roles need <MY_GAP_SKILL>?",
        "Which roles need <TEAM_GAP_SKILL>?",
        "Which roles need Kubernetes?",
    ),
    examples=(
        "Which roles need <SKILL>?",
        "roles requiring <SKILL>",
        "Where is <SKILL> required?",
        "Which jobs ask for <SKILL> and at what level?",
        "For which positions is <SKILL> a must have?",
        "what roles use <SKILL>",
        "Is <SKILL> required by any HR role?",
        "which roles list <SKILL> as critical",
        "In which job descriptions is <SKILL> a requirement?",
    ),
)
