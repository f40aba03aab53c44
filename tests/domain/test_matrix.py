"""The vectorised matrix agrees with the readable per-person functions."""

from __future__ import annotations

from datetime import date
from typing import Any

import numpy as np
import pytest

from domain.gaps import readiness
from domain.levels import current_levels
from domain.matrix import current_matrix, gap_matrix, level_matrix, role_matrices, to_arrays
from domain.models import Requirement, Role, SkillAssertion, Source
from domain.org import Org
from domain.synthetic import generate_org
from domain.teams import group_coverage, group_readiness
from ingest.native_folder import read_native_folder
from storage.bundle import ExistingState
from tests.support.handmade_org import AS_OF, ASSERTIONS, EMPLOYEES, ROLES, SKILLS, make_org
from tests.support.organisations import SAMPLE


def test_matrix_matches_hand_computed_levels_and_gaps() -> None:
    employees = {e.employee_id: i for i, e in enumerate(EMPLOYEES)}
    skills = {s.skill_id: j for j, s in enumerate(SKILLS)}
    current = current_matrix(to_arrays(ASSERTIONS, employees, skills), 5, 5, AS_OF.toordinal())
    # Hand-worked in org_fixture: B has py 2 (assessment), spark 3 (later manager), no k8s;
    # E's ml 5 is dated in the future and does not count.
    assert current[employees["B"]].tolist() == [2, 3, 0, 0, 0]
    assert current[employees["E"], skills["ml"]] == 0
    assert current[employees["C"]].tolist() == [4, 5, 2, 0, 0]
    role_index = {r.role_id: i for i, r in enumerate(ROLES)}
    role_of = np.array([role_index[e.role_id] for e in EMPLOYEES])
    required, importance = role_matrices(ROLES, skills)
    m = gap_matrix(current, role_of, required, importance)
    assert m.gap[employees["B"]].tolist() == [1, 1, 2, 0, 0]
    assert m.priority[employees["B"]].tolist() == [5, 4, 4, 0, 0]
    assert m.readiness[employees["B"]] == pytest.approx(22 / 35)
    assert m.readiness[employees["C"]] == pytest.approx(1.0)


def test_matrix_agrees_with_per_person_functions() -> None:
    org = make_org()
    employees = {e.employee_id: i for i, e in enumerate(EMPLOYEES)}
    skills = {s.skill_id: j for j, s in enumerate(SKILLS)}
    current = current_matrix(to_arrays(ASSERTIONS, employees, skills), 5, 5, AS_OF.toordinal())
    for employee_id, row in employees.items():
        for skill_id, col in skills.items():
            assert current[row, col] == org.level(employee_id, skill_id)


def _coverage_the_slow_way(org: Org, people: list[Any]) -> tuple[dict[str, Any], float]:
    """The group rules of domain/teams.py, person by person through org.level (the
    readable reference), for comparison with the column sums."""
    needs: dict[str, list[tuple[int, int, int]]] = {}
    for person in people:
        role = org.roles.get(person.role_id or "")
        for q in role.requirements if role else ():
            needs.setdefault(q.skill_id, []).append(
                (org.level(person.employee_id, q.skill_id), q.level, q.importance)
            )
    rows = {}
    for skill_id, pairs in needs.items():
        gaps = [max(0, r - c) for c, r, _ in pairs]
        rows[skill_id] = (
            len(pairs),
            sum(g == 0 for g in gaps),
            sum(g == 1 for g in gaps),
            sum(g * i for g, (_, _, i) in zip(gaps, pairs, strict=True)),
            [p.employee_id for p in people if org.level(p.employee_id, skill_id) >= 4],
        )
    pooled = readiness([pair for pairs in needs.values() for pair in pairs])
    return rows, pooled


def test_group_views_over_the_matrix_agree_with_the_person_by_person_rules() -> None:
    base = read_native_folder(SAMPLE, ExistingState())
    gen = generate_org(base.skills or [], base.roles or [], base.resources or [], 1500, seed=7)
    org = Org.build(
        gen.skills,
        gen.roles,
        gen.employees,
        gen.assertions,
        gen.resources,
        date(2026, 11, 22),
        stale_after_months=18,
    )
    groups = [org.members(department=d) for d in {e.department for e in gen.employees}]
    groups += [org.members(team=t) for t in sorted({e.team for e in gen.employees})[:8]]
    groups.append(list(org.employees.values()))
    for people in groups:
        slow, pooled = _coverage_the_slow_way(org, people)
        expected = {
            skill: (*counts, len(experts), experts[0] if len(experts) == 1 else None)
            for skill, (*counts, experts) in slow.items()
        }
        got = {
            c.skill_id: (
                c.required_by,
                c.meet,
                c.within_one,
                c.priority,
                c.experts,
                c.single_expert_id,
            )
            for c in group_coverage(org, people)
        }
        assert got == expected
        assert group_readiness(org, people) == pytest.approx(pooled)


def test_of_two_equal_claims_the_first_on_record_counts_as_in_the_person_rules() -> None:
    day = date(2026, 1, 5)
    claims = [
        SkillAssertion("E1", "py", 2, Source.SELF, day),
        SkillAssertion("E1", "py", 4, Source.SELF, day),  # same trust, same day: second
        SkillAssertion("E2", "py", 1, Source.SELF, day),
        SkillAssertion("E2", "py", 3, Source.MANAGER, date(2025, 1, 1)),  # more trusted
    ]
    role = Role("dev", "Developer", "IT", requirements=(Requirement("py", 3, 3),))
    matrix = level_matrix(
        [("E1", "dev"), ("E2", "dev")],
        {"dev": role},
        {"E1": claims[:2], "E2": claims[2:]},
        date(2026, 11, 22).toordinal(),
    )
    for employee, row in (("E1", claims[:2]), ("E2", claims[2:])):
        reference = current_levels(row, date(2026, 11, 22), 18)["py"].level
        assert matrix.current[matrix.rows[employee], 0] == reference
    assert matrix.current[:, 0].tolist() == [2, 3]
