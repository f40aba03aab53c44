"""Property-based checks of the analytics invariants."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from domain.gaps import person_gap, readiness
from domain.levels import CurrentLevel
from domain.models import Requirement, Role, Skill, Source
from tests.support.handmade_org import make_insights, make_org

SKILLS = {f"s{i}": Skill(f"s{i}", f"Skill {i}", "Data") for i in range(6)}
requirement = st.builds(
    Requirement,
    skill_id=st.sampled_from(sorted(SKILLS)),
    level=st.integers(1, 5),
    importance=st.integers(1, 5),
)
requirements = st.lists(requirement, min_size=1, max_size=6, unique_by=lambda q: q.skill_id)
levels = st.dictionaries(st.sampled_from(sorted(SKILLS)), st.integers(0, 5))


def _current(values: dict[str, int]) -> dict[str, CurrentLevel]:
    return {
        k: CurrentLevel(k, v, Source.MANAGER, date(2026, 1, 1), "", False)
        for k, v in values.items()
    }


@given(st.lists(st.tuples(st.integers(0, 5), st.integers(1, 5), st.integers(1, 5)), max_size=20))
def test_readiness_is_between_zero_and_one(pairs: list[tuple[int, int, int]]) -> None:
    assert 0.0 <= readiness(pairs) <= 1.0


@given(requirements, levels, st.sampled_from(sorted(SKILLS)), st.integers(0, 5))
def test_raising_a_level_never_increases_a_gap_or_lowers_readiness(
    reqs: list[Requirement], have: dict[str, int], skill_id: str, raise_by: int
) -> None:
    role = Role("r", "Role", requirements=tuple(reqs))
    before = person_gap("e", "E", role, SKILLS, _current(have))
    higher = {**have, skill_id: min(5, have.get(skill_id, 0) + raise_by)}
    after = person_gap("e", "E", role, SKILLS, _current(higher))
    gap_before = {r.skill_id: r.gap for r in before.rows}
    gap_after = {r.skill_id: r.gap for r in after.rows}
    assert all(gap_after[k] <= gap_before[k] for k in gap_before)
    assert after.readiness >= before.readiness - 1e-12
    assert 0.0 <= after.readiness <= 1.0
    assert all(r.priority == r.gap * r.importance for r in after.rows)


@settings(max_examples=60, deadline=None)
@given(
    employee=st.sampled_from(["A", "B", "C", "D", "E"]),
    role=st.sampled_from(["de", "lead", "mle"]),
    weeks=st.integers(1, 30),
    hours=st.floats(0.5, 12, allow_nan=False),
    boost=st.dictionaries(
        st.sampled_from(["py", "spark", "k8s", "coach", "ml"]), st.integers(0, 5)
    ),
)
def test_plans_stay_within_budget_and_reference_real_things(
    employee: str, role: str, weeks: int, hours: float, boost: dict[str, int]
) -> None:
    org = make_org()
    # random extra requirements on the role, to vary the gaps
    extra = tuple(
        Requirement(k, max(1, v), 3)
        for k, v in boost.items()
        if k not in {q.skill_id for q in org.roles[role].requirements}
    )
    org.roles[role] = replace(org.roles[role], requirements=org.roles[role].requirements + extra)
    draft = make_insights(org).plan(employee, role, weeks=weeks, hours_per_week=hours)
    assert draft.scheduled_hours <= weeks * hours + 1e-9
    for action in draft.actions + draft.next_horizon:
        assert action.resource_id is None or action.resource_id in org.resources
        assert action.mentor_id is None or action.mentor_id in org.employees
        assert action.mentor_id != employee
    for action in draft.actions:
        assert action.week_start is not None and action.week_end is not None
        # a real bound: every scheduled action lies inside the horizon
        assert 1 <= action.week_start <= action.week_end <= weeks
    # every gap is addressed, now or in the next horizon, whenever the catalogue or people can
    planned = {a.skill_id for a in draft.actions + draft.next_horizon}
    assert planned <= {g.skill_id for g in draft.gaps}
