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

from domain.gaps import readiness
from domain.levels import current_levels
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


def skill_progress(org: Org, days: Iterable[date]) -> list[dict[str, Any]]:
    """Mean readiness of today's people for their own roles, from the assertions known on
    each day."""
    progress = []
    for day in days:
        values = []
        for employee_id in org.employees:
            levels = current_levels(
                org.assertions.get(employee_id, ()), day, org.stale_after_months
            )
            value = _own_readiness(org, employee_id, levels)
            if value is not None:
                values.append(value)
        progress.append(
            {
                "quarter_end": day.isoformat(),
                "people": len(values),
                "mean_readiness": round(sum(values) / len(values), 4) if values else None,
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
