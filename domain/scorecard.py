"""The HR–IT scorecard: the figures HR and IT agree to review, their targets (each owned
jointly by one HR and one IT person), and whether each is on track, from its trend.
Formulas: docs/analytics.md#the-scorecard.

A figure is a quarterly series: computed ones come from the talent flow and the skills
data (the same function at each quarter end), recorded ones are aggregates HR enters per
quarter from its own systems (engagement, diversity): never a per-person value.

Status of a target on a day, from the series up to that day:
  met        the latest value meets the target
  on track   not met, but the trend (least squares over the last four quarters) reaches
             the target by its date
  at risk    the trend misses by no more than TOLERANCE of the target, or there are too few
             points for a trend, or the latest quarter has nothing to measure
  off track  the trend misses by more than that, or the target's date has passed unmet
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

TOLERANCE = 0.10
TREND_POINTS = 4


class Direction(StrEnum):
    AT_LEAST = "at_least"  # higher is better: retention, internal fill
    AT_MOST = "at_most"  # lower is better: time to fill


@dataclass(frozen=True)
class Figure:
    name: str
    title: str
    unit: str  # days, share, count, or a recorded series' own unit
    better: Direction
    recorded: bool = False


# The computed figures (talent flow, skills): their names are the series' keys.
COMPUTED: dict[str, Figure] = {
    f.name: f
    for f in (
        Figure("time_to_fill_median_days", "Time to fill (median)", "days", Direction.AT_MOST),
        Figure(
            "critical_time_to_fill_median_days",
            "Time to fill, critical roles (median)",
            "days",
            Direction.AT_MOST,
        ),
        Figure("open_longer", "Vacancies open over 90 days", "count", Direction.AT_MOST),
        Figure("internal_fill_rate", "Internal fill rate", "share", Direction.AT_LEAST),
        Figure("retention_rate", "Retention of top technologists", "share", Direction.AT_LEAST),
        Figure("leavers", "Leavers", "count", Direction.AT_MOST),
        Figure("mean_readiness", "Skill development: mean readiness", "share", Direction.AT_LEAST),
        Figure("learning_hours_done", "Learning hours done", "hours", Direction.AT_LEAST),
        Figure(
            "cross_training_participants",
            "People in HR–IT cross-training",
            "count",
            Direction.AT_LEAST,
        ),
    )
}


class Status(StrEnum):
    MET = "met"
    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    OFF_TRACK = "off_track"


@dataclass(frozen=True)
class Target:
    target_id: str
    figure: str
    value: float
    direction: Direction
    due: date
    hr_owner: str | None  # employee ids; None once that person is erased
    it_owner: str | None
    note: str = ""


def meets(value: float, target: Target) -> bool:
    if target.direction is Direction.AT_LEAST:
        return value >= target.value
    return value <= target.value


def trend(points: list[tuple[date, float]]) -> tuple[float, float] | None:
    """(slope per day, intercept at day 0 ordinal) of the least-squares line through the
    last TREND_POINTS points; None with fewer than two."""
    recent = points[-TREND_POINTS:]
    if len(recent) < 2:
        return None
    xs = [d.toordinal() for d, _ in recent]
    ys = [v for _, v in recent]
    mean_x, mean_y = sum(xs) / len(xs), sum(ys) / len(ys)
    spread = sum((x - mean_x) ** 2 for x in xs)
    if spread == 0:
        return None
    slope = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True)) / spread
    return slope, mean_y - slope * mean_x


def status(series: list[tuple[date, float | None]], target: Target, today: date) -> dict[str, Any]:
    """Where a target stands on `today`, from the series' points up to it."""
    known = [(d, v) for d, v in series if d <= today]
    points = [(d, v) for d, v in known if v is not None]
    if not points:
        return {"status": Status.AT_RISK.value, "why": "no value yet", "latest": None}
    if known[-1][1] is None:
        return {
            "status": Status.AT_RISK.value,
            "why": "nothing to measure in the latest quarter",
            "latest": None,
            "latest_on": known[-1][0].isoformat(),
        }
    latest_day, latest = points[-1]
    base = {"latest": latest, "latest_on": latest_day.isoformat()}
    if meets(latest, target):
        return {**base, "status": Status.MET.value, "why": "the latest value meets the target"}
    if today >= target.due:
        return {**base, "status": Status.OFF_TRACK.value, "why": "its date has passed unmet"}
    line = trend(points)
    if line is None:
        return {**base, "status": Status.AT_RISK.value, "why": "too few points for a trend"}
    slope, intercept = line
    projected = slope * target.due.toordinal() + intercept
    base["projected"] = round(projected, 4)
    if meets(projected, target):
        return {**base, "status": Status.ON_TRACK.value, "why": "the trend reaches it in time"}
    miss = abs(projected - target.value) / abs(target.value) if target.value else float("inf")
    if miss <= TOLERANCE:
        return {**base, "status": Status.AT_RISK.value, "why": "the trend falls just short"}
    return {**base, "status": Status.OFF_TRACK.value, "why": "the trend falls well short"}


# ---------------------------------------------------------------- checks and assembly

QUARTER = re.compile(r"^(\d{4})Q([1-4])$")
DECISION_KINDS = ("decision", "retrospective")
DECISION_STATUSES = ("open", "done", "dropped")


def quarter_end(label: str) -> date:
    """ "2026Q3" → 2026-09-30."""
    found = QUARTER.match(label)
    if not found:
        raise ValueError(f"'{label}' is not a quarter (e.g. 2026Q3)")
    year, quarter = int(found.group(1)), int(found.group(2))
    month = quarter * 3
    return date(year, month, 31 if month in (3, 12) else 30)


def owner_problem(
    employee_id: str | None, departments: dict[str, str], allowed: list[str], side: str
) -> str | None:
    """Why `employee_id` cannot own a target for `side` (HR or IT), or None."""
    if not employee_id:
        return f"is empty: a target needs one {side} owner"
    if employee_id not in departments:
        return f"unknown employee '{employee_id}'"
    if departments[employee_id] not in allowed:
        return (
            f"{employee_id} is in {departments[employee_id]}, not {' or '.join(allowed)}: "
            f"a target is owned jointly by one HR and one IT person"
        )
    return None


def series_points(quarters: list[dict[str, Any]], name: str) -> list[tuple[date, float | None]]:
    return [(date.fromisoformat(q["as_of"]), q.get(name)) for q in quarters]


def _bounded(found: dict[str, Any], figure: Figure) -> dict[str, Any]:
    """A share's projection stays within 0–100 %."""
    if figure.unit == "share" and found.get("projected") is not None:
        found["projected"] = min(1.0, max(0.0, found["projected"]))
    return found


def assemble(
    computed: list[dict[str, Any]],
    recorded: list[dict[str, Any]],
    targets: list[Target],
    today: date,
    names: dict[str, str],
) -> list[dict[str, Any]]:
    """Each figure with its quarterly series, its latest value and the change since the
    quarter before, and its targets with their status. `computed`: quarter points (quarter,
    as_of, one key per computed figure); `recorded`: stored rows; `names`: owner id → name."""
    figures: list[dict[str, Any]] = []
    by_figure: dict[str, list[Target]] = {}
    for target in targets:
        by_figure.setdefault(target.figure, []).append(target)
    recorded_series: dict[str, list[dict[str, Any]]] = {}
    for row in recorded:
        recorded_series.setdefault(row["series"], []).append(row)
    definitions: list[tuple[Figure, list[tuple[str, date, float | None]]]] = []
    for figure in COMPUTED.values():
        points = [
            (q["quarter"], date.fromisoformat(q["as_of"]), q.get(figure.name)) for q in computed
        ]
        definitions.append((figure, points))
    ends = {q["quarter"] for q in computed}
    for name, rows in sorted(recorded_series.items()):
        first = rows[-1]
        figure = Figure(name, first["title"], first["unit"], Direction(first["direction"]), True)
        points = [
            (r["quarter"], quarter_end(r["quarter"]), r["value"])
            for r in rows
            if not ends or r["quarter"] in ends
        ]
        definitions.append((figure, points))
    for figure, points in definitions:
        # the last two quarters' values, as they are (None: nothing to measure then)
        latest = points[-1][2] if points else None
        previous = points[-2][2] if len(points) > 1 else None
        figures.append(
            {
                "name": figure.name,
                "title": figure.title,
                "unit": figure.unit,
                "better": figure.better.value,
                "recorded": figure.recorded,
                "series": [
                    {"quarter": q, "as_of": d.isoformat(), "value": v} for q, d, v in points
                ],
                "latest": latest,
                "previous": previous,
                "change": round(latest - previous, 4)
                if latest is not None and previous is not None
                else None,
                "targets": [
                    {
                        "target_id": t.target_id,
                        "value": t.value,
                        "direction": t.direction.value,
                        "due": t.due.isoformat(),
                        "hr_owner": t.hr_owner,
                        "hr_owner_name": names.get(t.hr_owner or ""),
                        "it_owner": t.it_owner,
                        "it_owner_name": names.get(t.it_owner or ""),
                        "note": t.note,
                        **_bounded(status([(d, v) for _, d, v in points], t, today), figure),
                    }
                    for t in by_figure.get(figure.name, [])
                ],
            }
        )
    return figures


def previous_quarter(label: str) -> str:
    year, quarter = int(label[:4]), int(label[-1])
    return f"{year - 1:04d}Q4" if quarter == 1 else f"{year:04d}Q{quarter - 1}"


def behind(name: str, now: dict[str, Any], before: dict[str, Any]) -> list[str]:
    """The records behind a figure's move since the quarter before, in words (vacancies by
    id, role and age; leavers by role and team: never by name)."""
    lines: list[str] = []
    if name in ("time_to_fill_median_days", "critical_time_to_fill_median_days", "open_longer"):
        opened = now["open_vacancies"]
        critical_only = name == "critical_time_to_fill_median_days"
        long_open = [
            v
            for v in opened["vacancies"]
            if v["age_days"] > opened["long_open_days"] and (v["critical"] or not critical_only)
        ]
        by_role: dict[str, list[dict[str, Any]]] = {}
        for v in long_open:
            by_role.setdefault(v["title"], []).append(v)
        for title, rows in sorted(by_role.items(), key=lambda kv: -len(kv[1])):
            ids = ", ".join(f"{v['vacancy_id']} ({v['age_days']} days)" for v in rows)
            lines.append(
                f"{len(rows)} {'critical ' if critical_only else ''}{title} "
                f"vacanc{'y has' if len(rows) == 1 else 'ies have'} been "
                f"open over {opened['long_open_days']} days: {ids}"
            )
        fill = now["time_to_fill"]
        filled_now = set(fill.get("vacancy_ids", []))
        filled_before = set(before["time_to_fill"].get("vacancy_ids", []))
        new = sorted(filled_now - filled_before)
        if new and name == "time_to_fill_median_days":
            lines.append(f"filled since the quarter before: {', '.join(new)}")
    elif name == "internal_fill_rate":
        f = now["internal_fill"]
        lines.append(f"{f['internal']} of {f['filled']} vacancies filled by an internal move")
    elif name in ("retention_rate", "leavers"):
        kept = now["retention"]
        if not kept["suppressed"]:
            lines.append(
                f"{kept['leavers']} of {kept['cohort']} top technologists left, "
                f"{kept['voluntary_leavers']} by choice"
            )
        left = now["leavers"]
        if not left["suppressed"]:
            lines.append(
                f"{left['leavers']} leavers of {left['headcount']} people, "
                f"{left['voluntary_leavers']} by choice"
            )
    return lines


def learning_hours(plans: Iterable[dict[str, Any]], start: date, day: date) -> float:
    """Hours of the approved plans' actions marked done after `start` and up to `day` (an
    action keeps the day it was marked done)."""
    total = 0.0
    for plan in plans:
        if plan.get("status") not in ("approved", "in_progress", "completed"):
            continue
        for action in plan.get("actions", []):
            done_on = action.get("done_on")
            if action.get("done") and done_on and start < date.fromisoformat(done_on) <= day:
                total += float(action.get("hours") or 0)
    return round(total, 2)
