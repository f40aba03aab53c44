"""Learning plans: which actions close which gaps, scheduled within a weekly budget.

For each gap, in priority order (domain/gaps.py):
  1. catalogue resources that bring the skill up to the required level — internal before
     external, then cheaper, then shorter — with their prerequisites first (a level-4
     course never comes before the level-3 one it builds on);
  2. a mentor from another team where one qualifies (domain/mobility.py);
  3. an on-the-job assignment when the catalogue cannot reach a target of level ≥ 3;
  4. coaching for leadership skills.
Actions are laid week by week into `weeks × hours_per_week`; whatever does not fit goes
to `next_horizon`, never silently dropped. A person approves every plan.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Any

from core.errors import UserError
from domain.erasure import ERASED, Identity
from domain.gaps import GapRow
from domain.mobility import MentorBook, find_mentors
from domain.models import LearningResource, ResourceType
from domain.org import Org

MENTORING_HOURS_PER_LEVEL = 2.0
ON_THE_JOB_HOURS_PER_LEVEL = 8.0
COACHING_HOURS = 6.0
LEADERSHIP_CATEGORIES = frozenset({"Leadership"})


class PlanStatus(StrEnum):
    DRAFT = "draft"
    APPROVED = "approved"
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"
    REJECTED = "rejected"


TRANSITIONS: dict[PlanStatus, set[PlanStatus]] = {
    PlanStatus.DRAFT: {PlanStatus.APPROVED, PlanStatus.REJECTED},
    PlanStatus.APPROVED: {PlanStatus.IN_PROGRESS, PlanStatus.COMPLETED, PlanStatus.REJECTED},
    PlanStatus.IN_PROGRESS: {PlanStatus.COMPLETED},
    PlanStatus.COMPLETED: set(),
    PlanStatus.REJECTED: set(),
}


def check_transition(current: PlanStatus, target: PlanStatus) -> None:
    if target not in TRANSITIONS[current]:
        allowed = ", ".join(sorted(t.value for t in TRANSITIONS[current])) or "none"
        raise UserError(
            f"the plan is {current.value}; it cannot become {target.value} "
            f"(allowed next: {allowed})"
        )


@dataclass(frozen=True)
class Action:
    skill_id: str
    kind: str  # a ResourceType value
    hours: float
    closes_gap_to: int  # the level this action brings the skill to
    reason: str
    resource_id: str | None = None
    mentor_id: str | None = None
    title: str = ""
    cost: float = 0.0
    week_start: int | None = None
    week_end: int | None = None
    done: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "skill_id": self.skill_id,
            "kind": self.kind,
            "title": self.title,
            "resource_id": self.resource_id,
            "mentor_id": self.mentor_id,
            "hours": self.hours,
            "cost": self.cost,
            "week_start": self.week_start,
            "week_end": self.week_end,
            "closes_gap_to": self.closes_gap_to,
            "reason": self.reason,
            "done": self.done,
        }


@dataclass
class PlanDraft:
    employee_id: str
    role_id: str | None
    weeks: int
    hours_per_week: float
    gaps: list[GapRow]
    actions: list[Action] = field(default_factory=list)
    next_horizon: list[Action] = field(default_factory=list)

    @property
    def budget_hours(self) -> float:
        return self.weeks * self.hours_per_week

    @property
    def scheduled_hours(self) -> float:
        return sum(a.hours for a in self.actions)

    def to_dict(self) -> dict[str, Any]:
        return {
            "employee_id": self.employee_id,
            "role_id": self.role_id,
            "weeks": self.weeks,
            "hours_per_week": self.hours_per_week,
            "budget_hours": self.budget_hours,
            "scheduled_hours": self.scheduled_hours,
            "total_cost": sum(a.cost for a in self.actions),
            "gaps": [g.to_dict() for g in self.gaps],
            "actions": [a.to_dict() for a in self.actions],
            "next_horizon": [a.to_dict() for a in self.next_horizon],
            "action_count": len(self.actions),
            "next_horizon_count": len(self.next_horizon),
        }


def covers(resource: LearningResource, skill_id: str) -> int:
    return max((s.level for s in resource.skills if s.skill_id == skill_id), default=0)


def preference(resource: LearningResource) -> tuple[bool, float, float, str]:
    return (not resource.internal, resource.cost, resource.hours, resource.resource_id)


@dataclass(frozen=True)
class Step:
    """One resource in a ladder: the skill it builds and the level it reaches there. A
    prerequisite may build another skill (a Python course before a Spark one)."""

    resource: LearningResource
    skill_id: str
    reaches: int
    prerequisite_for: str | None = None


def _main_skill(resource: LearningResource, preferred: str) -> tuple[str, int]:
    if covers(resource, preferred):
        return preferred, covers(resource, preferred)
    best = max(resource.skills, key=lambda s: s.level, default=None)
    return (best.skill_id, best.level) if best else (preferred, 0)


def without_mentor(action: dict[str, Any], mentor: Identity) -> dict[str, Any]:
    """A mentoring action whose mentor was erased. It stays (it may be part of an approved
    plan, and its hours were agreed); nobody is named, and the employee is told why."""
    title = mentor.redact(str(action.get("title", ""))).replace(f" with {ERASED}", "")
    return {
        **action,
        "mentor_id": None,
        "title": title,
        "reason": "The mentor first proposed is no longer available; agree another with "
        "your manager.",
    }


def resource_ladder(
    org: Org, employee_id: str, skill_id: str, current: int, required: int, taken: set[str]
) -> list[Step]:
    """Resources that take `skill_id` from current to required, prerequisites first.
    Stops early when the catalogue runs out."""
    steps: list[Step] = []
    level = current
    chosen = set(taken)
    while level < required:
        options = [
            r
            for r in org.resources.values()
            if r.resource_id not in chosen and covers(r, skill_id) > level
        ]
        if not options:
            break
        reaching = [r for r in options if covers(r, skill_id) >= required]
        pick = (
            min(reaching, key=preference)
            if reaching
            # Nothing gets there in one go: climb as high as possible, best option first.
            else min(options, key=lambda r: (-covers(r, skill_id), *preference(r)))
        )
        for prerequisite in _missing_prerequisites(org, employee_id, pick, chosen):
            built, reaches = _main_skill(prerequisite, skill_id)
            steps.append(Step(prerequisite, built, reaches, prerequisite_for=pick.title))
            chosen.add(prerequisite.resource_id)
            level = max(level, covers(prerequisite, skill_id))
        if level >= required:
            break  # the prerequisites alone got there: the pick would overshoot
        steps.append(Step(pick, skill_id, covers(pick, skill_id)))
        chosen.add(pick.resource_id)
        level = covers(pick, skill_id)
    return steps


def _missing_prerequisites(
    org: Org, employee_id: str, resource: LearningResource, chosen: set[str]
) -> list[LearningResource]:
    """Prerequisites not yet planned and not already mastered, deepest first."""
    ordered: list[LearningResource] = []
    seen: set[str] = set()

    def visit(item: LearningResource) -> None:
        for prerequisite_id in item.prerequisites:
            prerequisite = org.resources.get(prerequisite_id)
            if prerequisite is None or prerequisite_id in chosen or prerequisite_id in seen:
                continue
            seen.add(prerequisite_id)
            mastered = all(
                org.level(employee_id, s.skill_id) >= s.level for s in prerequisite.skills
            )
            if mastered:
                continue
            visit(prerequisite)
            ordered.append(prerequisite)

    visit(resource)
    return ordered


def actions_for_gap(
    org: Org, employee_id: str, row: GapRow, book: MentorBook, taken: set[str]
) -> list[Action]:
    actions: list[Action] = []
    skill = org.skills[row.skill_id]
    ladder = resource_ladder(org, employee_id, row.skill_id, row.current, row.required, taken)
    for step in ladder:
        resource = step.resource
        taken.add(resource.resource_id)
        where = "internal" if resource.internal else f"external ({resource.provider})"
        why = f"{where}, brings {org.skills[step.skill_id].name} to level {step.reaches}"
        if step.prerequisite_for:
            why += f"; a prerequisite of {step.prerequisite_for}"
        actions.append(
            Action(
                skill_id=step.skill_id,
                kind=resource.type.value,
                hours=resource.hours,
                closes_gap_to=step.reaches,
                reason=(
                    f"{skill.name} {row.current}→{row.required} (priority {row.priority}): {why}"
                ),
                resource_id=resource.resource_id,
                title=resource.title,
                cost=resource.cost,
            )
        )
    mentors = find_mentors(org, row.skill_id, row.required, employee_id, book, limit=1)
    if mentors:
        mentor = mentors[0]
        book.book(mentor["employee_id"])
        actions.append(
            Action(
                skill_id=row.skill_id,
                kind=ResourceType.MENTORING.value,
                hours=MENTORING_HOURS_PER_LEVEL * row.gap,
                closes_gap_to=row.required,
                reason=(
                    f"{mentor['name']} ({mentor['team']}) is at level {mentor['level']} in "
                    f"{skill.name}" + ("" if mentor["same_team"] else ", from another team")
                ),
                mentor_id=mentor["employee_id"],
                title=f"Mentoring in {skill.name} with {mentor['name']}",
            )
        )
    catalogue_reaches = bool(ladder) and ladder[-1].reaches >= row.required
    if row.required >= 3 and not catalogue_reaches:
        actions.append(
            Action(
                skill_id=row.skill_id,
                kind=ResourceType.ON_THE_JOB.value,
                hours=ON_THE_JOB_HOURS_PER_LEVEL * row.gap,
                closes_gap_to=row.required,
                reason=(
                    f"no catalogue resource reaches level {row.required} in {skill.name}: "
                    "practise on real work"
                ),
                title=f"Stretch assignment applying {skill.name}",
            )
        )
    if skill.category in LEADERSHIP_CATEGORIES:
        actions.append(
            Action(
                skill_id=row.skill_id,
                kind=ResourceType.COACHING.value,
                hours=COACHING_HOURS,
                closes_gap_to=row.required,
                reason=f"{skill.name} is a leadership skill: coaching turns knowledge into habit",
                title=f"Coaching sessions on {skill.name}",
            )
        )
    return actions


def schedule(
    actions: list[Action], weeks: int, hours_per_week: float
) -> tuple[list[Action], list[Action]]:
    """Lay actions into consecutive weeks of `hours_per_week`. An action that does not fit,
    and every later action for the same skill, moves to the next horizon."""
    scheduled: list[Action] = []
    deferred: list[Action] = []
    blocked_skills: set[str] = set()
    used = 0.0  # hours consumed so far, counted from the start of week 1
    budget = weeks * hours_per_week
    for action in actions:
        if action.skill_id in blocked_skills or used + action.hours > budget + 1e-9:
            blocked_skills.add(action.skill_id)
            deferred.append(action)
            continue
        start_week = int(used // hours_per_week) + 1
        used += action.hours
        end_week = max(start_week, int((used - 1e-9) // hours_per_week) + 1)
        scheduled.append(replace(action, week_start=start_week, week_end=end_week))
    return scheduled, deferred


def draft_plan(
    org: Org,
    employee_id: str,
    gaps: list[GapRow],
    role_id: str | None,
    weeks: int,
    hours_per_week: float,
    book: MentorBook,
) -> PlanDraft:
    if weeks < 1 or weeks > 260:
        raise UserError("the horizon must be 1–260 weeks")
    if hours_per_week <= 0 or hours_per_week > 40:
        raise UserError("hours per week must be more than 0 and at most 40")
    taken: set[str] = set()
    actions: list[Action] = []
    for row in gaps:  # already in priority order
        actions.extend(actions_for_gap(org, employee_id, row, book, taken))
    scheduled, deferred = schedule(actions, weeks, hours_per_week)
    return PlanDraft(
        employee_id=employee_id,
        role_id=role_id,
        weeks=weeks,
        hours_per_week=hours_per_week,
        gaps=gaps,
        actions=scheduled,
        next_horizon=deferred,
    )


def remaining_gaps(
    org: Org, employee_id: str, plan_gaps: list[dict[str, Any]], actions: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """Recompute a plan's gaps from today's levels and the actions marked done: a completed
    action counts as reaching its `closes_gap_to` level until an assessment says otherwise."""
    reached: dict[str, int] = {}
    for action in actions:
        if action.get("done"):
            skill_id = action["skill_id"]
            reached[skill_id] = max(reached.get(skill_id, 0), int(action["closes_gap_to"]))
    result = []
    for gap in plan_gaps:
        skill_id = gap["skill_id"]
        current = max(org.level(employee_id, skill_id), reached.get(skill_id, 0))
        left = max(0, int(gap["required"]) - current)
        result.append(
            {
                "skill_id": skill_id,
                "required": gap["required"],
                "current": current,
                "gap": left,
                "priority": left * int(gap["importance"]),
            }
        )
    return result
