"""Shared HR–IT KPIs from the data at hand. Group figures only over ≥ min_group_size people.

  critical_role_coverage  per role with critical requirements (importance 5): share of its
                          holders at or above every critical requirement
  readiness_distribution  per department: how many people sit in each readiness band for
                          their own role
  skill_progress          org-wide mean readiness for current roles at each quarter end,
                          from the assertions known on that day
  plans                   plan counts by status and the share of approved actions done
Workforce-diversity figures need attributes this service deliberately does not store.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import date
from typing import Any

import numpy as np

from domain.gaps import readiness
from domain.models import SOURCE_TRUST
from domain.org import Org

BANDS = ((0.0, 0.5, "<50%"), (0.5, 0.7, "50–70%"), (0.7, 0.9, "70–90%"), (0.9, 1.01, "≥90%"))
CRITICAL = 5


def _band(value: float) -> str:
    return next(label for low, high, label in BANDS if low <= value < high)


def _own_readiness(
    org: Org, employee_id: str, levels: dict[str, Any] | None = None
) -> float | None:
    employee = org.employees[employee_id]
    role = org.roles.get(employee.role_id or "")
    if role is None or not role.requirements:
        return None
    levels = org.levels(employee_id) if levels is None else levels
    return readiness(
        [
            ((levels[q.skill_id].level if q.skill_id in levels else 0), q.level, q.importance)
            for q in role.requirements
        ]
    )


def quarter_ends(as_of: date, count: int) -> list[date]:
    ends = []
    year, quarter = as_of.year, (as_of.month - 1) // 3  # last completed quarter
    for _ in range(count):
        if quarter == 0:
            year, quarter = year - 1, 4
        month = quarter * 3
        ends.append(date(year, month, 31 if month in (3, 12) else 30))
        quarter -= 1
    return sorted(ends)


def _progress_arrays(org: Org) -> tuple[Any, ...]:
    """Everyone's assertions in requirement skills, sorted by person, skill, trust and date,
    and each role's requirements as dense arrays: built once per organisation."""
    people = list(org.employees.values())
    index = {e.employee_id: i for i, e in enumerate(people)}
    roles = [r for r in org.roles.values() if r.requirements]
    role_index = {r.role_id: i for i, r in enumerate(roles)}
    skill_index: dict[str, int] = {}
    for role in roles:
        for q in role.requirements:
            skill_index.setdefault(q.skill_id, len(skill_index))
    n_skills = max(1, len(skill_index))
    required = np.zeros((len(roles) + 1, n_skills))
    weight = np.zeros((len(roles) + 1, n_skills))
    for r, role in enumerate(roles):
        for q in role.requirements:
            required[r, skill_index[q.skill_id]] = q.level
            weight[r, skill_index[q.skill_id]] = q.importance
    need = (required * weight).sum(axis=1)
    role_of = np.array(
        [role_index.get(e.role_id or "", len(roles)) for e in people], dtype=np.int64
    )
    counted = role_of < len(roles)  # a role with requirements: as `_own_readiness`
    rows = [
        (index[a.employee_id], skill_index[a.skill_id], SOURCE_TRUST[a.source],
         a.assessed_on.toordinal(), a.level)
        for employee_id, assertions in org.assertions.items()
        if employee_id in index
        for a in assertions
        if a.skill_id in skill_index
    ]  # fmt: skip
    table = np.array(rows, dtype=np.int64).reshape(-1, 5)
    person, skill, trust, when, level = table.T
    order = np.lexsort((when, trust, skill, person))
    person, skill, when, level = person[order], skill[order], when[order], level[order]
    key = person * n_skills + skill
    return people, counted, role_of, need, required, weight, n_skills, key, when, level


def skill_progress(org: Org, days: Iterable[date]) -> list[dict[str, Any]]:
    """Mean readiness of today's people for their own roles, from the assertions known on
    each day (the current-level rule of domain/levels.py: the most trusted source, then the
    latest). Vectorised: every assertion sorted once, then per day the last one known per
    person and skill, so eight quarters over 100,000 people take about a second."""
    cached = org.memo.get("skill_progress")
    if cached is None:
        cached = org.memo["skill_progress"] = _progress_arrays(org)
    people, counted, role_of, need, required, weight, n_skills, key, when, level = cached
    progress = []
    for day in days:
        known = when <= day.toordinal()
        k, lv = key[known], level[known]
        last = np.flatnonzero(np.r_[k[1:] != k[:-1], True]) if k.size else k
        k, lv = k[last], lv[last]
        who, what = k // n_skills, k % n_skills
        role = role_of[who]
        met = weight[role, what] * np.minimum(lv, required[role, what])
        totals = np.bincount(who, weights=met, minlength=len(people))
        values = totals[counted] / need[role_of[counted]]
        progress.append(
            {
                "quarter_end": day.isoformat(),
                "people": int(counted.sum()),
                "mean_readiness": round(float(values.mean()), 4) if values.size else None,
            }
        )
    return progress


def kpis(
    org: Org, min_group_size: int, plans: Iterable[dict[str, Any]] = (), quarters: int = 8
) -> dict[str, Any]:
    critical = []
    for role in sorted(org.roles.values(), key=lambda r: r.role_id):
        needs = [q for q in role.requirements if q.importance >= CRITICAL]
        holders = org.holders(role.role_id)
        if not needs or not holders:
            continue
        meeting = sum(1 for h in holders if all(org.level(h, q.skill_id) >= q.level for q in needs))
        critical.append(
            {
                "role_id": role.role_id,
                "title": role.title,
                "holders": len(holders),
                "critical_requirements": len(needs),
                "meeting_all": meeting,
                "coverage": round(meeting / len(holders), 4),
            }
        )
    distribution: list[dict[str, Any]] = []
    for department in org.departments():
        people = org.members(department=department)
        values = [v for p in people if (v := _own_readiness(org, p.employee_id)) is not None]
        if len(values) < min_group_size:
            distribution.append({"department": department, "people": None, "suppressed": True})
            continue
        bands = Counter(_band(v) for v in values)
        distribution.append(
            {
                "department": department,
                "people": len(values),
                "suppressed": False,
                "mean_readiness": round(sum(values) / len(values), 4),
                "bands": {label: bands.get(label, 0) for *_, label in BANDS},
            }
        )
    progress = skill_progress(org, quarter_ends(org.as_of, quarters))
    plan_list = list(plans)
    statuses = Counter(p["status"] for p in plan_list)
    active = [
        a
        for p in plan_list
        if p["status"] in {"approved", "in_progress", "completed"}
        for a in p.get("actions", [])
    ]
    return {
        "as_of": org.as_of.isoformat(),
        "critical_role_coverage": critical,
        "readiness_distribution": distribution,
        "skill_progress": progress,
        "plans": {
            "by_status": dict(sorted(statuses.items())),
            "approved_actions": len(active),
            "actions_done": sum(1 for a in active if a.get("done")),
            "completion": round(sum(1 for a in active if a.get("done")) / len(active), 4)
            if active
            else None,
        },
        "diversity": "not computed: talent-insights stores no protected attributes",
    }
