"""Questions to suggest to the signed-in caller: one per capability they may use, about
people, roles, teams and skills of their own organisation that they may see.

Each capability declares templates (`Capability.suggest`) with placeholders; `Facts` fills
them for one caller from the organisation (a real person with a goal role and their top
gap, the caller's own goal role, a team large enough to report on). A filled question is
offered only when the offline planner reads it as that capability with every argument
filled, and the capability's access rule lets the caller use it: what is suggested is
answered, never refused and never "name the person"."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from agent.access import AccessDenied, Caller, visible_employees
from agent.capabilities import CATALOGUE
from agent.context import ToolContext
from agent.planner import Planner
from agent.slots import Vocabulary
from core.errors import UserError
from domain.models import Employee, Role
from domain.org import Org

PLACEHOLDER = re.compile(r"<([A-Z_0-9]+)>")


@dataclass(frozen=True)
class Suggestion:
    capability: str
    question: str

    def to_dict(self) -> dict[str, str]:
        return {"capability": self.capability, "question": self.question}


def _shortfall(org: Org, employee_id: str, role: Role) -> list[tuple[int, str]]:
    """(gap × importance, skill id) of a person's unmet requirements, largest first."""
    rows = []
    for requirement in role.requirements:
        gap = requirement.level - org.level(employee_id, requirement.skill_id)
        if gap > 0:
            rows.append((gap * requirement.importance, requirement.skill_id))
    return sorted(rows, key=lambda r: (-r[0], r[1]))


class Facts:
    """What the placeholders stand for, for one caller. Only people the caller may see are
    named; a team is named only when it has at least the minimum group size."""

    def __init__(self, org: Org, caller: Caller, min_group_size: int):
        self.org = org
        self.caller = caller
        visible = visible_employees(caller, org)
        people = (
            sorted(org.employees.values(), key=lambda e: e.employee_id)
            if visible is None
            else [org.employees[e] for e in sorted(visible) if e in org.employees]
        )
        others = [e for e in people if e.employee_id != caller.employee_id]
        # the first person (by id) with a goal role they still fall short of
        self.person: Employee | None = None
        for employee in others:
            goal = self._goal(employee)
            if goal is not None and _shortfall(org, employee.employee_id, goal):
                self.person = employee
                break
        self.peer = next(
            (
                e
                for e in others
                if self.person is not None
                and e.employee_id != self.person.employee_id
                and e.role_id == self.person.role_id
            ),
            None,
        )
        self.me = org.employees.get(caller.employee_id or "")
        # the team: the one most of the caller's people are in (for HR and evaluators, the
        # largest), never one under the minimum group size
        sizes = Counter(e.team for e in org.employees.values())  # one pass, any org size
        counted = visible is None or caller.role.value == "evaluator"
        teams = sizes if counted else Counter(e.team for e in people)
        sized = sorted(
            (t for t in teams if t and sizes[t] >= min_group_size),
            key=lambda t: (-teams[t], t),
        )
        self.team = sized[0] if sized else None

    def _goal(self, employee: Employee | None) -> Role | None:
        if employee is None:
            return None
        return self.org.roles.get(employee.goal_role_id or "") or None

    def _role_title(self, employee: Employee | None) -> str | None:
        role = self.org.roles.get(employee.role_id or "") if employee else None
        return role.title if role else None

    def _gap_skill(self, employee: Employee | None) -> str | None:
        goal = self._goal(employee)
        if employee is None or goal is None:
            return None
        rows = _shortfall(self.org, employee.employee_id, goal)
        return self.org.skills[rows[0][1]].name if rows else None

    def _team_skill(self) -> str | None:
        if self.team is None:
            return None
        short: Counter[str] = Counter()
        for member in self.org.members(team=self.team):
            role = self.org.roles.get(member.role_id or "")
            for weight, skill_id in _shortfall(self.org, member.employee_id, role) if role else []:
                short[skill_id] += weight
        if not short:
            return None
        skill_id = min(short, key=lambda s: (-short[s], s))
        return self.org.skills[skill_id].name

    def value(self, name: str) -> str | None:
        goal = self._goal(self.person)
        my_goal = self._goal(self.me)
        values: dict[str, Callable[[], str | None]] = {
            "PERSON": lambda: self.person.name if self.person else None,
            "PERSON_GOAL_ROLE": lambda: goal.title if goal else None,
            "PERSON_GAP_SKILL": lambda: self._gap_skill(self.person),
            "PEER": lambda: self.peer.name if self.peer else None,
            "MY_GOAL_ROLE": lambda: my_goal.title if my_goal else None,
            "MY_ROLE": lambda: self._role_title(self.me),
            "MY_GAP_SKILL": lambda: self._gap_skill(self.me),
            "TEAM": lambda: self.team,
            "TEAM_GAP_SKILL": self._team_skill,
        }
        if name not in values:
            raise ValueError(f"unknown suggestion placeholder <{name}>")
        return values[name]()

    def fill(self, template: str) -> str | None:
        """The template with every placeholder filled, or None when one cannot be."""
        filled = template
        for name in PLACEHOLDER.findall(template):
            value = self.value(name)
            if not value:
                return None
            filled = filled.replace(f"<{name}>", value)
        return filled


def suggestions(
    ctx: ToolContext,
    planner: Planner,
    vocabulary: Vocabulary,
    min_group_size: int,
    capabilities: Iterable[str] | None = None,
) -> list[Suggestion]:
    """One suggestion per capability the caller may use, in catalogue order."""
    facts = Facts(ctx.org, ctx.caller, min_group_size)
    found = []
    for name in capabilities or CATALOGUE:
        capability = CATALOGUE[name]
        for template in capability.suggest:
            question = facts.fill(template)
            if question is not None and _answers(question, name, ctx, planner, vocabulary):
                found.append(Suggestion(name, question))
                break
    return found


def _answers(
    question: str, name: str, ctx: ToolContext, planner: Planner, vocabulary: Vocabulary
) -> bool:
    """Read as `name` with its arguments filled, and allowed for this caller."""
    plan = planner.plan(question, vocabulary, ctx.caller.employee_id, {})
    if plan.tool != name or plan.problem or plan.refusal or plan.choices:
        return False
    capability = CATALOGUE[name]
    try:
        args: Any = capability.args.model_validate(plan.args)
        capability.access(ctx, args)
    except (AccessDenied, UserError):
        return False
    return True
