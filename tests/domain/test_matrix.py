"""The vectorised matrix agrees with the readable per-person functions."""

from __future__ import annotations

import numpy as np
import pytest

from domain.matrix import current_matrix, gap_matrix, role_matrices, to_arrays
from tests.support.handmade_org import AS_OF, ASSERTIONS, EMPLOYEES, ROLES, SKILLS, make_org


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
