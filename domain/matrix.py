"""The org-wide gap matrix, vectorised: people × skills in a few numpy passes.

Same rules as domain/levels.py and domain/gaps.py — the most trusted source wins, then the
latest; gap = max(0, required − current); priority = gap × importance; readiness as in
gaps.py — but over every person at once, with no per-cell Python loop. Used for org-wide
views at scale; the per-person functions stay the readable reference.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from domain.models import SOURCE_TRUST, Role, SkillAssertion


@dataclass(frozen=True)
class AssertionArrays:
    employee: np.ndarray  # int32 row index
    skill: np.ndarray  # int32 column index
    level: np.ndarray  # int8
    trust: np.ndarray  # int8
    day: np.ndarray  # int32 ordinal date


def to_arrays(
    assertions: Sequence[SkillAssertion],
    employee_index: dict[str, int],
    skill_index: dict[str, int],
) -> AssertionArrays:
    n = len(assertions)
    employee = np.empty(n, np.int32)
    skill = np.empty(n, np.int32)
    level = np.empty(n, np.int8)
    trust = np.empty(n, np.int8)
    day = np.empty(n, np.int32)
    for i, a in enumerate(assertions):
        employee[i] = employee_index[a.employee_id]
        skill[i] = skill_index[a.skill_id]
        level[i] = a.level
        trust[i] = SOURCE_TRUST[a.source]
        day[i] = a.assessed_on.toordinal()
    return AssertionArrays(employee, skill, level, trust, day)


def current_matrix(
    arrays: AssertionArrays, n_employees: int, n_skills: int, as_of_ordinal: int
) -> np.ndarray:
    """people × skills current levels (int8, 0 where nothing is on record)."""
    keep = arrays.day <= as_of_ordinal
    employee, skill = arrays.employee[keep], arrays.skill[keep]
    key = employee.astype(np.int64) * n_skills + skill
    # Sort by cell, then trust, then date, then *reversed* record order: the last row of
    # each cell is the winner, and of two equal in trust and date, the first on record.
    first_on_record = -np.arange(len(key))
    order = np.lexsort((first_on_record, arrays.day[keep], arrays.trust[keep], key))
    sorted_key = key[order]
    last = np.ones(len(sorted_key), dtype=bool)
    last[:-1] = sorted_key[1:] != sorted_key[:-1]
    current = np.zeros(n_employees * n_skills, np.int8)
    current[sorted_key[last]] = arrays.level[keep][order][last]
    return current.reshape(n_employees, n_skills)


@dataclass(frozen=True)
class GapMatrix:
    required: np.ndarray  # people × skills, 0 where the person's role does not ask
    current: np.ndarray
    gap: np.ndarray
    priority: np.ndarray
    readiness: np.ndarray  # per person; NaN when the role has no requirements


def role_matrices(
    roles: Sequence[Role], skill_index: dict[str, int]
) -> tuple[np.ndarray, np.ndarray]:
    """roles × skills required level and importance (row len(roles) = no role: all zero)."""
    required = np.zeros((len(roles) + 1, len(skill_index)), np.int8)
    importance = np.zeros_like(required)
    for r, role in enumerate(roles):
        for q in role.requirements:
            required[r, skill_index[q.skill_id]] = q.level
            importance[r, skill_index[q.skill_id]] = q.importance
    return required, importance


def gap_matrix(
    current: np.ndarray,
    role_of: np.ndarray,
    required_by_role: np.ndarray,
    importance_by_role: np.ndarray,
) -> GapMatrix:
    required = required_by_role[role_of]
    importance = importance_by_role[role_of].astype(np.int16)
    gap = np.maximum(required - current, 0).astype(np.int8)
    priority = gap * importance
    need = (importance * required).sum(axis=1, dtype=np.int32)
    met = (importance * np.minimum(current, required)).sum(axis=1, dtype=np.int32)
    with np.errstate(invalid="ignore", divide="ignore"):
        readiness = np.where(need > 0, met / np.maximum(need, 1), np.nan)
    return GapMatrix(required, current, gap, priority, readiness)


@dataclass(frozen=True)
class LevelMatrix:
    """Everyone's current level in every skill some role requires, and what each person's
    role asks: built once per organisation, so group views are column sums, not loops."""

    rows: dict[str, int]  # employee_id -> row
    columns: list[str]  # skill ids
    current: np.ndarray  # people × columns, int8
    role_of: np.ndarray  # per row: index into the by-role arrays (the last row: no role)
    required_by_role: np.ndarray  # (roles + 1) × columns, int8: 0 where the role does not ask
    importance_by_role: np.ndarray  # (roles + 1) × columns, int8

    def group(self, employee_ids: Iterable[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """current, required and importance (int16) for the people named, in that order."""
        rows = np.fromiter((self.rows[e] for e in employee_ids), np.int64)
        roles = self.role_of[rows]
        return (
            self.current[rows],
            self.required_by_role[roles],
            self.importance_by_role[roles].astype(np.int16),
        )


def level_matrix(
    employees: Iterable[tuple[str, str | None]],
    roles: Mapping[str, Role],
    assertions: Mapping[str, Sequence[SkillAssertion]],
    as_of_ordinal: int,
) -> LevelMatrix:
    """`employees`: (employee_id, role_id) pairs. Levels follow domain/levels.py exactly:
    the most trusted source wins, then the latest; of two equal, the first on record."""
    people = list(employees)
    rows = {employee_id: i for i, (employee_id, _) in enumerate(people)}
    columns = sorted({q.skill_id for role in roles.values() for q in role.requirements})
    col = {skill_id: j for j, skill_id in enumerate(columns)}
    role_list = list(roles.values())
    role_index = {role.role_id: i for i, role in enumerate(role_list)}
    required_by_role, importance_by_role = role_matrices(role_list, col)
    role_of = np.array(
        [role_index.get(role_id or "", len(role_list)) for _, role_id in people], np.int32
    )
    kept = [
        (rows[employee_id], col[a.skill_id], a)
        for employee_id, held in assertions.items()
        if employee_id in rows
        for a in held
        if a.skill_id in col
    ]
    arrays = AssertionArrays(
        np.fromiter((r for r, _, _ in kept), np.int32, len(kept)),
        np.fromiter((c for _, c, _ in kept), np.int32, len(kept)),
        np.fromiter((a.level for _, _, a in kept), np.int8, len(kept)),
        np.fromiter((SOURCE_TRUST[a.source] for _, _, a in kept), np.int8, len(kept)),
        np.fromiter((a.assessed_on.toordinal() for _, _, a in kept), np.int32, len(kept)),
    )
    current = current_matrix(arrays, len(people), len(columns), as_of_ordinal)
    return LevelMatrix(rows, columns, current, role_of, required_by_role, importance_by_role)
