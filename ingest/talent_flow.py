"""Vacancies and employment events (`vacancies.csv`, `events.csv`, or the same fields as JSON
through the API) read into validated records. Nothing here writes; every problem is reported
with its file, line (or item number) and field, and one problem keeps the whole lot out.

What is checked against what: roles and people against this import and the store; a
person's events in order against their hire date and each other (a leave before they were
hired, a move after they left). See docs/data-format.md#vacancies-csv.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Literal

from domain.models import (
    EmploymentEvent,
    EventType,
    FillSource,
    Vacancy,
    VacancyStatus,
)
from ingest.native_format import (
    EVENT_COLUMNS,
    EVENT_OPTIONAL,
    VACANCY_COLUMNS,
    VACANCY_OPTIONAL,
    BadValue,
    ImportFailed,
    Problems,
    choice,
    identifier,
    parse_bool,
    parse_date,
)
from storage.bundle import Bundle, ExistingState

Rows = Iterable[tuple[int, dict[str, str]]]


@dataclass
class Known:
    """What references may point at: roles and people (with their hire dates)."""

    role_ids: set[str]
    hire_dates: dict[str, date | None]


def _date(problems: Problems, file: str, line: int, column: str, text: str) -> date | None:
    try:
        return parse_date(text)
    except BadValue as exc:
        problems.add(file, line, column, str(exc) if text else "is empty")
        return None


def _new_id(
    row: dict[str, str],
    column: str,
    lines: dict[str, int],
    file: str,
    line: int,
    problems: Problems,
) -> str | None:
    """The row's id, if it is one and new in this import (`lines`: id -> where it was seen)."""
    try:
        found = identifier(row.get(column, ""))
        if found in lines:
            raise BadValue(f"'{found}' repeats {problems.unit} {lines[found]}")
    except BadValue as exc:
        problems.add(file, line, column, str(exc))
        return None
    lines[found] = line
    return found


def read_vacancies(rows: Rows, file: str, known: Known, problems: Problems) -> list[Vacancy]:
    vacancies: list[Vacancy] = []
    lines: dict[str, int] = {}
    for line, row in rows:
        if problems.full:
            break
        before = len(problems.errors)
        vacancy_id = _new_id(row, "vacancy_id", lines, file, line, problems)
        if vacancy_id is None:
            continue
        role_id = row.get("role_id", "")
        if role_id not in known.role_ids:
            problems.add(
                file, line, "role_id", f"unknown role '{role_id}'" if role_id else "is empty"
            )
        team = row.get("team", "")
        if not team:
            problems.add(file, line, "team", "is empty")
        opened = _date(problems, file, line, "opened", row.get("opened", ""))
        status = None
        try:
            status = choice(row.get("status", ""), VacancyStatus)
        except BadValue as exc:
            problems.add(file, line, "status", str(exc))
        closed = None
        if row.get("closed"):
            closed = _date(problems, file, line, "closed", row["closed"])
        if status is VacancyStatus.OPEN and row.get("closed"):
            problems.add(file, line, "closed", "an open vacancy has no closing date")
        elif status in (VacancyStatus.FILLED, VacancyStatus.CANCELLED) and not row.get("closed"):
            problems.add(file, line, "closed", f"a {status.value} vacancy needs the day it closed")
        if opened and closed and closed < opened:
            problems.add(
                file,
                line,
                "closed",
                f"{closed.isoformat()} is before it opened ({opened.isoformat()})",
            )
        filled_from = None
        if status is VacancyStatus.FILLED:
            try:
                filled_from = choice(row.get("filled_from", ""), FillSource)
            except BadValue as exc:
                problems.add(
                    file,
                    line,
                    "filled_from",
                    str(exc) if row.get("filled_from") else "is empty: internal or external",
                )
        elif row.get("filled_from") or row.get("filled_by"):
            column = "filled_from" if row.get("filled_from") else "filled_by"
            problems.add(file, line, column, "only a filled vacancy says who filled it")
        filled_by = row.get("filled_by") or None
        if filled_by is not None and filled_by not in known.hire_dates:
            problems.add(file, line, "filled_by", f"unknown employee '{filled_by}'")
        critical = False
        try:
            critical = parse_bool(row.get("critical") or "no")
        except BadValue as exc:
            problems.add(file, line, "critical", str(exc))
        if len(problems.errors) > before or opened is None or status is None:
            continue
        vacancies.append(
            Vacancy(
                vacancy_id=vacancy_id,
                role_id=role_id,
                team=team,
                opened=opened,
                status=status,
                closed=closed,
                filled_from=filled_from,
                filled_by=filled_by,
                critical=critical,
            )
        )
    return vacancies


def read_events(rows: Rows, file: str, known: Known, problems: Problems) -> list[EmploymentEvent]:
    events: list[EmploymentEvent] = []
    lines: dict[str, int] = {}
    for line, row in rows:
        if problems.full:
            break
        before = len(problems.errors)
        event_id = _new_id(row, "event_id", lines, file, line, problems)
        if event_id is None:
            continue
        employee_id = row.get("employee_id", "")
        if employee_id not in known.hire_dates:
            problems.add(
                file,
                line,
                "employee_id",
                f"unknown employee '{employee_id}'" if employee_id else "is empty",
            )
        kind = None
        try:
            kind = choice(row.get("type", ""), EventType)
        except BadValue as exc:
            problems.add(file, line, "type", str(exc))
        on = _date(problems, file, line, "date", row.get("date", ""))
        role_id = row.get("role_id") or None
        if role_id is not None and role_id not in known.role_ids:
            problems.add(file, line, "role_id", f"unknown role '{role_id}'")
        team = row.get("team") or None
        if kind is EventType.MOVE and role_id is None and team is None:
            problems.add(file, line, "role_id", "a move names the new role, the new team or both")
        voluntary = None
        if kind is EventType.LEAVE:
            try:
                voluntary = parse_bool(row.get("voluntary", ""))
            except BadValue as exc:
                problems.add(
                    file,
                    line,
                    "voluntary",
                    str(exc)
                    if row.get("voluntary")
                    else "is empty: did the person choose to leave (yes/no)?",
                )
        elif row.get("voluntary"):
            problems.add(file, line, "voluntary", "only a leave is voluntary or not")
        if len(problems.errors) > before or kind is None or on is None:
            continue
        events.append(EmploymentEvent(event_id, employee_id, kind, on, role_id, team, voluntary))
    _check_sequences(events, lines, file, known, problems)
    return events


def _check_sequences(
    events: list[EmploymentEvent],
    lines: dict[str, int],
    file: str,
    known: Known,
    problems: Problems,
) -> None:
    """Each person's events, in date order, must tell a possible story: hired (a hire event,
    or the hire date on their record) before a move or a leave; after a leave, nothing but a
    new hire; no hire while still employed."""
    by_person: dict[str, list[EmploymentEvent]] = defaultdict(list)
    for event in events:
        if event.employee_id is not None:
            by_person[event.employee_id].append(event)
    order = {EventType.HIRE: 0, EventType.MOVE: 1, EventType.LEAVE: 2}
    for employee_id, events_of in by_person.items():
        own: list[EmploymentEvent] = events_of
        hired = known.hire_dates.get(employee_id)
        markers: list[tuple[date, int, EmploymentEvent | None]] = [
            (e.on, order[e.type], e) for e in own
        ]
        if hired is not None and not any(e.type is EventType.HIRE and e.on == hired for e in own):
            markers.append((hired, order[EventType.HIRE], None))  # the record's hire date
        markers.sort(key=lambda m: (m[0], m[1]))
        # With no hire anywhere, they are taken to have been employed all along.
        employed = not any(rank == order[EventType.HIRE] for _, rank, _ in markers)
        since: date | None = None
        left_on: date | None = None
        for on, _, record in markers:
            if record is None or record.type is EventType.HIRE:
                if employed and record is not None:
                    problems.add(
                        file,
                        lines[record.event_id],
                        "type",
                        f"a hire on {on.isoformat()} while still employed (hired "
                        f"{since.isoformat() if since else 'before'}; no leave between)",
                    )
                employed, since, left_on = True, on, None
                continue
            where = lines[record.event_id]
            if not employed:
                if left_on is not None:
                    reason = f"after they left on {left_on.isoformat()}"
                else:
                    first = min(m[0] for m in markers if m[1] == order[EventType.HIRE])
                    reason = f"before they were hired on {first.isoformat()}"
                problems.add(
                    file, where, "date", f"a {record.type.value} on {on.isoformat()} is {reason}"
                )
                continue
            if record.type is EventType.LEAVE:
                employed, left_on = False, on


def _as_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value).strip()


def bundle_from_json(
    kind: Literal["vacancies", "events"], items: list[dict[str, Any]], existing: ExistingState
) -> Bundle:
    """Records sent as JSON (POST /v1/vacancies, /v1/events): the same fields and checks as
    the CSV files, errors naming the item (from 1) and field; all or nothing."""
    label = f"{kind} (request body)"
    problems = Problems(Path(label), unit="item")
    columns = (
        VACANCY_COLUMNS + VACANCY_OPTIONAL
        if kind == "vacancies"
        else EVENT_COLUMNS + EVENT_OPTIONAL
    )
    rows = []
    for number, item in enumerate(items, 1):
        unknown = sorted(set(item) - set(columns))
        if unknown:
            problems.add(label, number, unknown[0], f"unknown field (fields: {', '.join(columns)})")
            continue
        rows.append((number, {c: _as_text(item.get(c)) for c in columns}))
    known = Known(role_ids=set(existing.role_ids), hire_dates=dict(existing.hire_dates))
    bundle = Bundle(folder=Path(label))
    if kind == "vacancies":
        bundle.vacancies = read_vacancies(rows, label, known, problems)
    else:
        bundle.events = read_events(rows, label, known, problems)
    if problems.errors:
        ordered = sorted(problems.errors, key=lambda e: e.line or 0)  # stable: by item
        raise ImportFailed(Path(label), ordered)
    return bundle
