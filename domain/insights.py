"""One entry point over the analytics: names in, documented JSON-ready dicts out.

The CLI, the API and the agent all call these; none of them re-derives a number.
The output shapes are the contract documented in docs/analytics.md.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from domain.advice import AdviceSettings, group_advice, run_scenario
from domain.gaps import PersonGap, gap_row, person_gap, sort_key
from domain.kpis import kpis, skill_progress
from domain.levels import months_before
from domain.mobility import MentorBook, candidates_for_role, find_mentors, mentor_threshold
from domain.models import Requirement
from domain.org import Org
from domain.paths import CareerPaths
from domain.plans import PlanDraft, draft_plan
from domain.programmes import participants_on
from domain.scorecard import Target, assemble, learning_hours
from domain.talent_flow import FlowSettings, Scope
from domain.talent_flow import figures as flow_figures
from domain.talent_flow import series as flow_series
from domain.teams import group_view, heatmap


@dataclass
class Insights:
    """The analytics over one organisation, with the thresholds they use. Those have no
    defaults here: Settings (core/settings.py) holds them, and `Services` passes them in."""

    org: Org
    ai_categories: Collection[str]
    min_group_size: int
    max_mentees: int
    advice: AdviceSettings
    plan_weeks: int
    readiness_threshold: float
    flow: FlowSettings

    # -------------------------------------------------------------- people

    def person_gap(self, employee: str, role: str | None = None) -> PersonGap:
        person = self.org.employee(employee)
        target = self.org.role_of(person, self.org.role(role).role_id if role else None)
        return person_gap(
            person.employee_id,
            person.name,
            target,
            self.org.skills,
            self.org.levels(person.employee_id),
        )

    def gaps(self, employee: str, role: str | None = None) -> dict[str, Any]:
        return self.person_gap(employee, role).to_dict()

    def career_paths(self) -> CareerPaths:
        """Every role's paths, derived once per organisation."""
        paths = self.org.memo.get("career_paths")
        if paths is None:
            paths = self.org.memo["career_paths"] = CareerPaths(self.org)
        return paths

    def next_roles(self, employee: str) -> dict[str, Any]:
        return self.career_paths().next_roles(self.org.employee(employee).employee_id)

    def role_paths(self, role: str) -> dict[str, Any]:
        return self.career_paths().role_flow(self.org.role(role).role_id)

    def candidates(
        self, role: str, include_holders: bool = False, limit: int | None = 10
    ) -> dict[str, Any]:
        return candidates_for_role(self.org, self.org.role(role), include_holders, limit)

    def mentors(
        self, skill: str, level: int, learner: str | None = None, limit: int | None = 5
    ) -> dict[str, Any]:
        found = self.org.skill(skill)
        learner_id = self.org.employee(learner).employee_id if learner else None
        return {
            "skill_id": found.skill_id,
            "name": found.name,
            "level": level,
            "min_mentor_level": mentor_threshold(
                level, self.org.level(learner_id, found.skill_id) if learner_id else 0
            ),
            "learner_id": learner_id,
            "mentors": find_mentors(
                self.org, found.skill_id, level, learner_id, MentorBook(self.max_mentees), limit
            ),
        }

    def plan(
        self,
        employee: str,
        role: str | None = None,
        skills: Iterable[tuple[str, int]] | None = None,
        weeks: int | None = None,
        hours_per_week: float | None = None,
        book: MentorBook | None = None,
    ) -> PlanDraft:
        """Draft a plan for a role's gaps, or for explicit (skill, target level) pairs.
        The horizon and weekly hours default to the configured ones."""
        person = self.org.employee(employee)
        if skills:
            rows = [
                gap_row(
                    Requirement(skill_id=self.org.skill(s).skill_id, level=lvl, importance=3),
                    self.org.skill(s),
                    self.org.levels(person.employee_id).get(self.org.skill(s).skill_id),
                )
                for s, lvl in skills
            ]
            gaps, role_id = sorted((r for r in rows if r.gap > 0), key=sort_key), None
        else:
            gap = self.person_gap(employee, role)
            gaps, role_id = gap.gaps, gap.role_id
        return draft_plan(
            self.org,
            person.employee_id,
            gaps,
            role_id,
            self.plan_weeks if weeks is None else weeks,
            self.advice.hours_per_week if hours_per_week is None else hours_per_week,
            book or MentorBook(self.max_mentees),
        )

    # -------------------------------------------------------------- groups

    def _group(self, team: str | None, department: str | None) -> tuple[Any, dict[str, Any]]:
        people = self.org.members(team=team, department=department)
        scope = {
            "team": people[0].team if team else None,
            "department": people[0].department if department else None,
        }
        return people, scope

    def team_gaps(
        self, team: str | None = None, department: str | None = None, ai_only: bool = False
    ) -> dict[str, Any]:
        people, scope = self._group(team, department)
        categories = set(self.ai_categories) if ai_only else None
        return group_view(self.org, people, scope, self.min_group_size, categories)

    def heatmap(self, team: str | None = None, department: str | None = None) -> dict[str, Any]:
        people, scope = self._group(team, department)
        return {**scope, **heatmap(self.org, people, self.min_group_size)}

    def build_buy_borrow(
        self, team: str | None = None, department: str | None = None
    ) -> dict[str, Any]:
        people, scope = self._group(team, department)
        return group_advice(self.org, people, scope, self.min_group_size, self.advice)

    def scenario(self, scenario: dict[str, Any]) -> dict[str, Any]:
        return run_scenario(
            self.org,
            scenario,
            self.org.as_of,
            self.readiness_threshold,
            self.advice.hours_per_week,
        )

    def kpis(self, plans: Iterable[dict[str, Any]] = ()) -> dict[str, Any]:
        return kpis(self.org, self.min_group_size, plans)

    # -------------------------------------------------------------- talent flow

    def talent_flow(self, as_of: date | None = None, scope: Scope | None = None) -> dict[str, Any]:
        """Time to fill, open vacancies, internal fill, retention and leavers on a day
        (the organisation's as-of day unless another is given)."""
        day = as_of or self.org.as_of
        return flow_figures(self.org.flow, day, self.flow, self.min_group_size, scope or Scope())

    def scorecard(
        self,
        targets: Iterable[Target],
        recorded: Iterable[dict[str, Any]],
        as_of: date | None = None,
        scope: Scope | None = None,
        quarters: int = 8,
        plans: Iterable[dict[str, Any]] = (),
        programmes: Iterable[dict[str, Any]] = (),
    ) -> dict[str, Any]:
        """Every scorecard figure as a quarterly series to the day, with its targets and
        their status (domain/scorecard.py). Mean readiness is the whole organisation's, so
        a narrower scope leaves it out."""
        scope = scope or Scope()
        day = as_of or self.org.as_of
        flow = self.talent_flow_series(quarters, day, scope)
        points = flow["quarters"]
        if scope.everything:
            days = [date.fromisoformat(q["as_of"]) for q in points]
            plan_list, programme_list = list(plans), list(programmes)
            for point, progress in zip(points, skill_progress(self.org, days), strict=True):
                point["mean_readiness"] = progress["mean_readiness"]
                end = date.fromisoformat(point["as_of"])
                start = months_before(end, self.flow.window_months)
                point["learning_hours_done"] = learning_hours(plan_list, start, end)
                point["cross_training_participants"] = participants_on(programme_list, end)
        names = {p: e.name for p, e in self.org.flow.people.items()}
        return {
            "as_of": day.isoformat(),
            "scope": flow["scope"],
            "window_months": flow["window_months"],
            "definition": flow["definition"],
            "figures": assemble(points, list(recorded), list(targets), day, names),
        }

    def talent_flow_series(
        self, quarters: int = 8, as_of: date | None = None, scope: Scope | None = None
    ) -> dict[str, Any]:
        """Each figure at the last `quarters` quarter ends."""
        day = as_of or self.org.as_of
        return flow_series(
            self.org.flow, day, quarters, self.flow, self.min_group_size, scope or Scope()
        )
