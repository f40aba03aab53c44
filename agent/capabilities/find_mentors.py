"""Who can mentor someone in a skill, up to a level."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from agent.access import require_people_lists, visible_employee
from agent.capabilities.base import Capability, MissingSlot, Turn
from agent.context import Args, Citation, ToolContext, ToolResult, employee_citation
from agent.slots import Slots
from domain.org import Org


class MentorArgs(Args):
    skill: str = Field(min_length=1)
    level: int = Field(ge=1, le=5)
    learner: str | None = None


def access(ctx: ToolContext, args: MentorArgs) -> None:
    require_people_lists(ctx.caller, "Mentor suggestions")
    if args.learner:
        visible_employee(ctx.caller, ctx.org, args.learner, "records")


def run(ctx: ToolContext, args: MentorArgs) -> ToolResult:
    learner = (
        visible_employee(ctx.caller, ctx.org, args.learner).employee_id if args.learner else None
    )
    data = ctx.insights.mentors(args.skill, args.level, learner)
    return ToolResult(
        "find_mentors",
        args.model_dump(),
        data,
        [Citation(data["skill_id"], "skill", data["name"])]
        + [employee_citation(ctx, m["employee_id"]) for m in data["mentors"]],
    )


def fill(slots: Slots, turn: Turn) -> dict[str, Any]:
    skill = slots.skills[0] if slots.skills else turn.previous("skill")
    if skill is None:
        raise MissingSlot("mentoring in which skill? (e.g. 'Spark')")
    learner = slots.employees[0] if slots.employees else None
    if learner is None and slots.self_reference:
        learner = turn.caller_employee
    if learner is None and (slots.other_reference or turn.follow_up):
        learner = turn.previous("learner") or turn.last.get("person")
    return {"skill": skill, "level": target_level(turn.org, learner, skill), "learner": learner}


def target_level(org: Org, learner: str | None, skill: str) -> int:
    """The level to mentor towards: what the learner's goal (else current) role requires,
    else one above where they are; 3 (proficient) when nobody is named."""
    if learner is None or learner not in org.employees:
        return 3
    person = org.employees[learner]
    target = org.roles.get(person.goal_role_id or person.role_id or "")
    need = [q.level for q in target.requirements if q.skill_id == skill] if target else []
    return need[0] if need else min(5, org.level(learner, skill) + 1)


CAPABILITY = Capability(
    name="find_mentors",
    description="Mentors for a skill up to a level, people from other teams first.",
    fill=fill,
    args=MentorArgs,
    run=run,
    access=access,
    template="answers/mentors.j2",
    needs=frozenset({"skill"}),
    uses=frozenset({"employee"}),
    who="HR and admins; managers (learners among their reports)",
    suggestion="Who could mentor someone in Spark?",
    # filled per caller (agent/suggestions.py): the first that reads and is allowed
    suggest=("Who could mentor <PERSON> in <PERSON_GAP_SKILL>?",),
    examples=(
        "Who can mentor <PERSON> in <SKILL>?",
        "Who can coach <PERSON> in <SKILL>?",
        "mentor for <PERSON> <SKILL>",
        "Who could teach <PERSON> <SKILL>?",
        "I need a <SKILL> mentor",
        "Find someone to coach me in <SKILL>",
        "Who can help <PERSON> get better at <SKILL>?",
        "Is there anyone who could mentor my team in <SKILL>?",
        "Suggest a mentor in <SKILL>",
        "who could pair with <PERSON> on <SKILL>",
    ),
)
