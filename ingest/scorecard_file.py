"""`scorecard.yaml` in a native folder: targets, recorded series and the committee's
decisions, read with the line of every value and checked whole (docs/data-format.md).
Nothing here writes."""

from __future__ import annotations

import math
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from domain.scorecard import (
    COMPUTED,
    DECISION_KINDS,
    DECISION_STATUSES,
    QUARTER,
    Direction,
    owner_problem,
)
from ingest.native_format import BadValue, LineLoader, Problems, identifier, parse_date

NAME = "scorecard.yaml"


class _Loader(LineLoader):
    """Dates stay text, so a bad one ("2027-02-30") is reported with its line and field
    instead of failing the whole file."""


def _as_text(loader: _Loader, node: yaml.Node) -> str:
    return str(loader.construct_scalar(node))  # type: ignore[arg-type]


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _as_text)
SECTIONS = {"targets", "recorded", "decisions"}


def _number(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise BadValue(f"{value!r} is not a number")
    try:
        number = float(value)
    except ValueError:
        raise BadValue(f"'{value}' is not a number") from None
    if not math.isfinite(number):
        raise BadValue(f"'{value}' is not a finite number")
    return number


def _day(value: Any) -> date:
    if isinstance(value, date):
        return value
    return parse_date(str(value))


def read_scorecard(
    path: Path,
    departments: dict[str, str],
    hr: list[str],
    it: list[str],
    recorded_names: dict[str, str],
    problems: Problems,
) -> dict[str, list[dict[str, Any]]] | None:
    """{targets, recorded, decisions} as rows for the store, or None when the file has
    problems (recorded in `problems`). `departments`: employee id → department, as they
    will be; `recorded_names`: series the store already holds, with their better direction."""
    try:
        document = yaml.load(path.read_text(encoding="utf-8-sig"), Loader=_Loader)
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        mark = getattr(exc, "problem_mark", None)
        problems.add(NAME, mark.line + 1 if mark else None, "", f"is not valid YAML: {exc}")
        return None
    if document is None:
        document = {}
    if not isinstance(document, dict):
        problems.add(NAME, 1, "", "must be a mapping with targets, recorded and decisions")
        return None
    lines = document.pop("__lines__", {})
    document.pop("__line__", None)
    for key in sorted(set(document) - SECTIONS):
        problems.add(NAME, lines.get(key), key, "unknown section (targets, recorded, decisions)")
    before = len(problems.errors)
    recorded = _recorded(document.get("recorded") or [], lines.get("recorded"), problems)
    names = {**recorded_names, **{r["series"]: r["direction"] for r in recorded}}
    targets = _targets(
        document.get("targets") or [], lines.get("targets"), departments, hr, it, names, problems
    )
    decisions = _decisions(
        document.get("decisions") or [], lines.get("decisions"), departments, problems
    )
    if len(problems.errors) > before:
        return None
    return {"targets": targets, "recorded": recorded, "decisions": decisions}


def _items(value: Any, line: int | None, section: str, problems: Problems) -> list[dict[str, Any]]:
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        problems.add(NAME, line, section, "must be a list of mappings")
        return []
    return value


def _item_id(
    item: dict[str, Any], column: str, seen: dict[str, int], at: int | None, problems: Problems
) -> str | None:
    """The item's id, if it is one and new in the file (`seen`: id -> its line)."""
    try:
        found = identifier(str(item.get(column) or ""))
        if found in seen:
            raise BadValue(f"'{found}' repeats line {seen[found]}")
    except BadValue as exc:
        problems.add(NAME, at, column, str(exc))
        return None
    seen[found] = at or 0
    return found


def _recorded(value: Any, line: int | None, problems: Problems) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    seen: dict[str, int] = {}
    for item in _items(value, line, "recorded", problems):
        at, where = item.get("__line__", line), item.get("__lines__", {})
        try:
            series = identifier(str(item.get("series") or ""))
        except BadValue as exc:
            problems.add(NAME, where.get("series", at), "series", str(exc))
            continue
        if series in COMPUTED:
            problems.add(NAME, where.get("series", at), "series", f"'{series}' is computed")
            continue
        if series in seen:
            problems.add(NAME, at, "series", f"'{series}' repeats line {seen[series]}")
            continue
        seen[series] = at or 0
        for key in ("title", "unit"):
            if not str(item.get(key) or "").strip():
                problems.add(NAME, where.get(key, at), key, "is empty")
        try:
            direction = Direction(str(item.get("direction") or ""))
        except ValueError:
            problems.add(
                NAME, where.get("direction", at), "direction", "must be at_least or at_most"
            )
            continue
        values = item.get("values")
        if not isinstance(values, dict):
            problems.add(NAME, where.get("values", at), "values", "must map quarters to values")
            continue
        value_lines = values.pop("__lines__", {})
        values.pop("__line__", None)
        for quarter, number in values.items():
            spot = value_lines.get(str(quarter), where.get("values", at))
            if not QUARTER.match(str(quarter)):
                problems.add(NAME, spot, "values", f"'{quarter}' is not a quarter (e.g. 2026Q3)")
                continue
            try:
                parsed = _number(number)
            except BadValue as exc:
                problems.add(NAME, spot, "values", f"{quarter}: {exc}")
                continue
            rows.append(
                {
                    "series": series,
                    "quarter": str(quarter),
                    "value": parsed,
                    "unit": str(item.get("unit") or "").strip(),
                    "title": str(item.get("title") or "").strip(),
                    "direction": direction.value,
                }
            )
    return rows


def _targets(
    value: Any,
    line: int | None,
    departments: dict[str, str],
    hr: list[str],
    it: list[str],
    recorded: dict[str, str],
    problems: Problems,
) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    seen: dict[str, int] = {}
    for item in _items(value, line, "targets", problems):
        at, where = item.get("__line__", line), item.get("__lines__", {})
        bad = len(problems.errors)
        target_id = _item_id(item, "target_id", seen, where.get("target_id", at), problems)
        if target_id is None:
            continue
        figure = str(item.get("figure") or "")
        if figure not in COMPUTED and figure not in recorded:
            problems.add(NAME, where.get("figure", at), "figure", f"unknown figure '{figure}'")
        try:
            number = _number(item.get("value"))
        except BadValue as exc:
            problems.add(NAME, where.get("value", at), "value", str(exc))
        try:
            due = _day(item.get("due") or "")
        except BadValue as exc:
            problems.add(NAME, where.get("due", at), "due", str(exc))
        direction = item.get("direction")
        if direction is not None and direction not in ("at_least", "at_most"):
            problems.add(
                NAME, where.get("direction", at), "direction", "must be at_least or at_most"
            )
        for side, allowed in (("hr_owner", hr), ("it_owner", it)):
            problem = owner_problem(item.get(side), departments, allowed, side[:2].upper())
            if problem:
                problems.add(NAME, where.get(side, at), side, problem)
        if len(problems.errors) > bad:
            continue
        if direction is None:
            computed = COMPUTED.get(figure)
            direction = computed.better.value if computed else recorded[figure]
        rows.append(
            {
                "target_id": target_id,
                "figure": figure,
                "value": number,
                "direction": direction,
                "due": due,
                "hr_owner": item["hr_owner"],
                "it_owner": item["it_owner"],
                "note": str(item.get("note") or ""),
            }
        )
    return rows


def _decisions(
    value: Any, line: int | None, departments: dict[str, str], problems: Problems
) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    seen: dict[str, int] = {}
    for item in _items(value, line, "decisions", problems):
        at, where = item.get("__line__", line), item.get("__lines__", {})
        bad = len(problems.errors)
        decision_id = _item_id(item, "decision_id", seen, where.get("decision_id", at), problems)
        if decision_id is None:
            continue
        quarter = str(item.get("quarter") or "")
        if not QUARTER.match(quarter):
            problems.add(NAME, where.get("quarter", at), "quarter", f"'{quarter}' is not a quarter")
        kind = str(item.get("kind") or "decision")
        if kind not in DECISION_KINDS:
            problems.add(NAME, where.get("kind", at), "kind", f"must be one of {DECISION_KINDS}")
        status = str(item.get("status") or "open")
        if status not in DECISION_STATUSES:
            problems.add(
                NAME, where.get("status", at), "status", f"must be one of {DECISION_STATUSES}"
            )
        text = str(item.get("text") or "").strip()
        if not text:
            problems.add(NAME, where.get("text", at), "text", "is empty")
        owner = item.get("owner")
        if owner is not None and owner not in departments:
            problems.add(NAME, where.get("owner", at), "owner", f"unknown employee '{owner}'")
        due = None
        if item.get("due") is not None:
            try:
                due = _day(item["due"])
            except BadValue as exc:
                problems.add(NAME, where.get("due", at), "due", str(exc))
        if len(problems.errors) > bad:
            continue
        rows.append(
            {
                "decision_id": decision_id,
                "quarter": quarter,
                "kind": kind,
                "text": text,
                "owner": owner,
                "due": due,
                "status": status,
                "follow_up": str(item.get("follow_up") or "").strip(),
            }
        )
    return rows
