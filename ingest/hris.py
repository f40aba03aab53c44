"""An HRIS export (a Workday, SuccessFactors, BambooHR or Personio report, as CSV or XLSX)
read through a column mapping: which export column becomes which field of employees, skill
assessments, vacancies and events, with value maps and date formats.

The mapping turns each export row into rows of the native files (employees.csv,
employee_skills.csv, vacancies.csv, events.csv), and the native reader checks them exactly
as it checks a folder, against what the store holds. Every problem is reported with the
export's file, line and column; nothing is written unless the whole export is valid.

A mapping names only what the export has. A field it does not name keeps the value on
record (a goal role, a team HR set by hand), so an export with fewer columns never clears
what another source set. Leavers come from the same rows: a termination date (on or after
the hire date) is a leave, its reason mapped to voluntary or not. A leave already on record
for that person and day is the same event whatever its id, so re-importing an export, or
importing one that mirrors a folder already loaded, changes nothing.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import yaml

from core.errors import UserError, ValidationError
from domain.models import Employee, EmploymentEvent, EventType
from domain.text import name_key
from ingest.native_folder import NativeFolderReader
from ingest.native_format import (
    ASSERTION_COLUMNS,
    ASSERTION_OPTIONAL,
    EMPLOYEE_COLUMNS,
    EMPLOYEE_OPTIONAL,
    EVENT_COLUMNS,
    EVENT_OPTIONAL,
    VACANCY_COLUMNS,
    VACANCY_OPTIONAL,
    ImportFailed,
    Problems,
)
from storage.bundle import Bundle
from storage.store import Store

# What a mapping may produce: its section, the native file, and the native fields.
KINDS: dict[str, tuple[str, list[str]]] = {
    "employees": ("employees.csv", EMPLOYEE_COLUMNS + EMPLOYEE_OPTIONAL),
    "assessments": ("employee_skills.csv", ASSERTION_COLUMNS + ASSERTION_OPTIONAL),
    "vacancies": ("vacancies.csv", VACANCY_COLUMNS + VACANCY_OPTIONAL),
    "events": ("events.csv", EVENT_COLUMNS + EVENT_OPTIONAL),
}
LEAVE_FIELDS = ("date", "voluntary")
DATE_FIELDS = {"hire_date", "assessed_on", "opened", "closed", "date"}
TOP_KEYS = {"system", "export", "date_format", "sheet", "header_row", "leaves", *KINDS}
MAX_ROWS = 500_000


@dataclass(frozen=True)
class Field:
    """How one native field is made from a row: a column, several joined, or a constant;
    then, optionally, mapped through `values` (an unmapped value is an error unless there
    is a `default`), or looked up as a role by its title."""

    columns: tuple[str, ...] = ()
    constant: str | None = None
    separator: str = " "
    values: dict[str, str] | None = None
    default: str | None = None
    role_by_title: bool = False

    def source(self) -> str:
        """How errors name where the value came from: the export's column(s)."""
        if self.constant is not None:
            return f"(the constant '{self.constant}')"
        return " + ".join(self.columns)


@dataclass
class MappingFile:
    """A parsed mapping (see the examples in data/hris/)."""

    system: str
    date_format: str | None
    sheet: str | None
    header_row: int
    kinds: dict[str, dict[str, Field]]
    leaves: dict[str, Field] | None

    def columns(self) -> set[str]:
        sections = [*self.kinds.values(), *([self.leaves] if self.leaves else [])]
        return {c for fields in sections for f in fields.values() for c in f.columns}


@dataclass
class HrisImport:
    """What an export brings, ready for Store.apply, and what the reader noticed."""

    bundle: Bundle
    rows: int
    warnings: list[str] = field(default_factory=list)
    # what it would create or change, record by record (the first CHANGES_SHOWN)
    changes: list[str] = field(default_factory=list)


def load_mapping(text: str, name: str) -> MappingFile:
    """A mapping file's YAML, checked: every problem names the file and the key."""
    try:
        raw = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise UserError(f"{name}: not valid YAML: {exc}") from None
    if not isinstance(raw, dict):
        raise UserError(f"{name}: a mapping is a YAML mapping of sections")
    problems: list[ValidationError] = []

    def bad(key: str, message: str) -> None:
        problems.append(ValidationError(message, file=name, field=key))

    for key in sorted(set(raw) - TOP_KEYS):
        bad(key, f"unknown key (keys: {', '.join(sorted(TOP_KEYS))})")
    kinds: dict[str, dict[str, Field]] = {}
    for kind, (_, allowed) in KINDS.items():
        if raw.get(kind) is not None:
            kinds[kind] = _fields(raw[kind], kind, allowed, bad)
    leaves = None
    if raw.get("leaves") is not None:
        leaves = _fields(raw["leaves"], "leaves", list(LEAVE_FIELDS), bad)
        if "employees" not in kinds:
            bad("leaves", "leaves come from the employees section's rows: map employees too")
        if "date" not in leaves:
            bad("leaves.date", "name the termination date's column")
    if not kinds:
        bad("", f"maps nothing: give at least one of {', '.join(KINDS)}")
    date_format = raw.get("date_format")
    if date_format is not None:
        try:  # a format must read back a day it wrote
            datetime.strptime(datetime(2026, 12, 31).strftime(str(date_format)), str(date_format))
        except ValueError as exc:
            bad("date_format", f"'{date_format}' is not a strptime format: {exc}")
    header_row = raw.get("header_row", 1)
    if not isinstance(header_row, int) or header_row < 1:
        bad("header_row", "is the line number of the column names (1 or more)")
        header_row = 1
    if problems:
        raise ImportFailed(Path(name), problems)
    return MappingFile(
        system=str(raw.get("system") or ""),
        date_format=str(date_format) if date_format else None,
        sheet=str(raw["sheet"]) if raw.get("sheet") else None,
        header_row=header_row,
        kinds=kinds,
        leaves=leaves,
    )


def _fields(section: Any, kind: str, allowed: list[str], bad: Any) -> dict[str, Field]:
    if not isinstance(section, dict):
        bad(kind, "a section maps native fields to the export's columns")
        return {}
    found: dict[str, Field] = {}
    for target, spec in section.items():
        key = f"{kind}.{target}"
        if target not in allowed:
            bad(key, f"no such field (fields: {', '.join(allowed)})")
            continue
        parsed = _field(spec, key, bad)
        if parsed is not None:
            found[target] = parsed
    return found


def _field(spec: Any, key: str, bad: Any) -> Field | None:
    if isinstance(spec, str) and spec.strip():
        return Field(columns=(spec.strip(),))
    if not isinstance(spec, dict):
        bad(key, "is a column name, or {column, map, default}, {join}, {value} or {role: title}")
        return None
    unknown = sorted(set(spec) - {"column", "join", "with", "value", "map", "default", "role"})
    if unknown:
        bad(key, f"unknown option '{unknown[0]}' (column, join, with, value, map, default, role)")
        return None
    columns: tuple[str, ...] = ()
    if "column" in spec:
        columns = (str(spec["column"]).strip(),)
    elif "join" in spec:
        if not isinstance(spec["join"], list) or not spec["join"]:
            bad(key, "join is a list of columns")
            return None
        columns = tuple(str(c).strip() for c in spec["join"])
    elif "value" not in spec:
        bad(key, "name a column, columns to join, or a constant value")
        return None
    values = spec.get("map")
    if values is not None and not isinstance(values, dict):
        bad(key, "map is a mapping of export values to ours")
        return None
    if spec.get("role") not in (None, "title"):
        bad(key, "role: title is the one lookup (the role whose title the column holds)")
        return None
    return Field(
        columns=columns,
        constant=None if "value" not in spec else _text(spec["value"]),
        separator=str(spec.get("with", " ")),
        values={str(k).strip(): _text(v) for k, v in values.items()} if values else None,
        default=None if spec.get("default") is None else _text(spec["default"]),
        role_by_title=spec.get("role") == "title",
    )


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    return "" if value is None else str(value).strip()


# ---------------------------------------------------------------------------- the export


def read_export(
    content: bytes, name: str, mapping: MappingFile
) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    """The export's column names and its rows, each with its line (CSV) or row number
    (XLSX, counted as a spreadsheet shows it). Dates in XLSX cells become YYYY-MM-DD."""
    suffix = Path(name).suffix.lower()
    if suffix in (".xlsx", ".xlsm", ".xls", ".ods"):
        table = _spreadsheet(content, name, mapping.sheet)
    elif suffix in (".csv", ".txt", ""):
        table = _csv(content, name)
    else:
        raise UserError(f"{name}: an export is a .csv or .xlsx file")
    start = mapping.header_row - 1
    if len(table) <= start:
        raise UserError(f"{name}: no header row at line {mapping.header_row}")
    header = [h.strip() for h in table[start]]
    rows: list[tuple[int, dict[str, str]]] = []
    for number, cells in enumerate(table[start + 1 :], mapping.header_row + 1):
        if not any(c.strip() for c in cells):
            continue  # blank lines, and the empty rows spreadsheets end with
        rows.append(
            (
                number,
                {
                    h: (cells[i].strip() if i < len(cells) else "")
                    for i, h in enumerate(header)
                    if h
                },
            )
        )
        if len(rows) > MAX_ROWS:
            raise UserError(f"{name}: more than {MAX_ROWS:,} rows; split the export")
    return header, rows


def _csv(content: bytes, name: str) -> list[list[str]]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UserError(f"{name}: not UTF-8; export the report as UTF-8 CSV") from None
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    return [row for row in csv.reader(io.StringIO(text), dialect)]


def _spreadsheet(content: bytes, name: str, sheet: str | None) -> list[list[str]]:
    from python_calamine import CalamineWorkbook

    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(content))
    except Exception as exc:  # calamine's own error types: a damaged or foreign file
        raise UserError(f"{name}: not a readable spreadsheet: {exc}") from None
    names = book.sheet_names
    if sheet is not None and sheet not in names:
        raise UserError(f"{name}: no sheet '{sheet}' (sheets: {', '.join(names)})")
    data = book.get_sheet_by_name(sheet or names[0]).to_python(skip_empty_area=False)
    return [[_cell(v) for v in row] for row in data]


def _cell(value: Any) -> str:
    if isinstance(value, datetime):
        return (
            value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat()
        )
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # an id typed as a number: 1001, not 1001.0
    return "" if value is None else str(value)


# ---------------------------------------------------------------------------- translation


def translate(
    header: list[str],
    rows: list[tuple[int, dict[str, str]]],
    mapping: MappingFile,
    name: str,
    stored: Mapping[str, Employee],
    stored_leaves: Mapping[tuple[str, date], EmploymentEvent],
    role_titles: Mapping[str, list[str]],
) -> tuple[dict[str, list[tuple[int, dict[str, str]]]], list[str], list[ValidationError]]:
    """The export's rows as native rows, by native file, each keeping its export line,
    and what the reader noticed. Problems the mapping itself finds (a value with no
    mapping, a date not in the format) name the export's file, line and column, and leave
    that row out. A column the mapping names that the export lacks stops here."""
    problems = Problems(Path(name))
    missing = sorted(c for c in mapping.columns() if c not in header)
    for column in missing:
        problems.add(
            name,
            mapping.header_row,
            column,
            "is not a column of the export (columns: "
            + ", ".join(h for h in header if h)[:300]
            + ")",
        )
    if problems.errors:
        raise ImportFailed(Path(name), problems.errors)
    native: dict[str, list[tuple[int, dict[str, str]]]] = {KINDS[k][0]: [] for k in mapping.kinds}
    if mapping.leaves is not None:
        native.setdefault("events.csv", [])
    warnings: dict[str, set[str]] = {}
    for line, row in rows:
        if problems.full:
            break
        for kind, fields in mapping.kinds.items():
            made = _native_row(
                fields, row, line, name, mapping.date_format, role_titles, problems, warnings
            )
            if made is None:
                continue
            if kind == "employees":
                made = _keep_unmapped(made, stored.get(made.get("employee_id", "")))
                if mapping.leaves is not None:
                    leave = _leave(
                        made,
                        mapping,
                        row,
                        line,
                        name,
                        stored_leaves,
                        role_titles,
                        problems,
                        warnings,
                    )
                    if leave is not None:
                        native["events.csv"].append((line, leave))
            native[KINDS[kind][0]].append((line, made))
    notes = [
        f"{column}: {len(values)} title(s) name no role here (the role on record stays): "
        + ", ".join(sorted(values)[:8])
        + (" …" if len(values) > 8 else "")
        for column, values in sorted(warnings.items())
    ]
    return native, notes, problems.errors


def _native_row(
    fields: dict[str, Field],
    row: dict[str, str],
    line: int,
    name: str,
    date_format: str | None,
    role_titles: Mapping[str, list[str]],
    problems: Problems,
    warnings: dict[str, set[str]],
) -> dict[str, str] | None:
    made: dict[str, str] = {}
    ok = True
    for target, spec in fields.items():
        try:
            value = _value(spec, target, row, date_format, role_titles, warnings)
        except ValueError as exc:
            problems.add(name, line, spec.source(), str(exc))
            ok = False
            continue
        if value is not None:  # None: a title that is no role here; the one on record stays
            made[target] = value
    return made if ok else None


def _value(
    spec: Field,
    target: str,
    row: dict[str, str],
    date_format: str | None,
    role_titles: Mapping[str, list[str]],
    warnings: dict[str, set[str]],
) -> str | None:
    if spec.constant is not None:
        value = spec.constant
    else:
        value = spec.separator.join(p for p in (row.get(c, "").strip() for c in spec.columns) if p)
    if spec.values is not None and value:
        if value in spec.values:
            value = spec.values[value]
        elif spec.default is not None:
            value = spec.default
        else:
            known = ", ".join(f"'{k}'" for k in list(spec.values)[:6])
            raise ValueError(
                f"'{value}' has no mapping (mapped: {known}); add it to the mapping's map"
            )
    elif not value and spec.default is not None:
        value = spec.default
    if spec.role_by_title and value:
        found = role_titles.get(name_key(value), [])
        if len(found) != 1:
            warnings.setdefault(spec.source(), set()).add(value)
            return None
        value = found[0]
    if target in DATE_FIELDS and value:
        value = _date(value, date_format)
    return value


def _date(value: str, date_format: str | None) -> str:
    try:
        return date.fromisoformat(value[:10]).isoformat()
    except ValueError:
        pass
    if date_format:
        try:
            return datetime.strptime(value, date_format).date().isoformat()
        except ValueError:
            raise ValueError(f"'{value}' is not a date in the format {date_format}") from None
    raise ValueError(f"'{value}' is not a date (YYYY-MM-DD; set date_format for others)")


def _keep_unmapped(made: dict[str, str], before: Employee | None) -> dict[str, str]:
    """A field the mapping does not name keeps the value on record."""
    if before is None:
        return made
    on_record = {
        "name": before.name,
        "email": before.email,
        "department": before.department,
        "team": before.team,
        "role_id": before.role_id or "",
        "manager_id": before.manager_id or "",
        "hire_date": before.hire_date.isoformat() if before.hire_date else "",
        "goal_role_id": before.goal_role_id or "",
    }
    return {**on_record, **made}


def _leave(
    employee: dict[str, str],
    mapping: MappingFile,
    row: dict[str, str],
    line: int,
    name: str,
    stored_leaves: Mapping[tuple[str, date], EmploymentEvent],
    role_titles: Mapping[str, list[str]],
    problems: Problems,
    warnings: dict[str, set[str]],
) -> dict[str, str] | None:
    """The leave a row's termination date records, if any: the role and team left are the
    person's; a leave on record for that person and day keeps its id."""
    assert mapping.leaves is not None
    made = _native_row(
        mapping.leaves, row, line, name, mapping.date_format, role_titles, problems, warnings
    )
    if made is None or not made.get("date"):
        return None
    employee_id = employee.get("employee_id", "")
    hired = employee.get("hire_date", "")
    if hired and made["date"] < hired:
        return None  # rehired since: that termination ended an earlier spell
    on = date.fromisoformat(made["date"])
    before = stored_leaves.get((employee_id, on))
    return {
        "event_id": before.event_id if before else f"hris-{employee_id}-leave-{on.isoformat()}",
        "employee_id": employee_id,
        "type": "leave",
        "date": made["date"],
        "role_id": employee.get("role_id", ""),
        "team": employee.get("team", ""),
        "voluntary": made.get("voluntary", ""),
    }


# ---------------------------------------------------------------------------- the whole


def read_hris(
    store: Store,
    content: bytes,
    name: str,
    mapping: MappingFile,
    sides: tuple[list[str], list[str]] = (["HR"], ["IT"]),
) -> HrisImport:
    """An export read through its mapping and checked whole against the store, as a
    bundle for Store.apply; ImportFailed names the export's file, line and column."""
    header, rows = read_export(content, name, mapping)
    stored = {e.employee_id: e for e in store.employees()}
    leaves = {
        (e.employee_id, e.on): e
        for e in store.events()
        if e.type is EventType.LEAVE and e.employee_id is not None
    }
    titles = role_titles((r.role_id, r.title) for r in store.roles())
    native, notes, problems = translate(header, rows, mapping, name, stored, leaves, titles)
    reader = NativeFolderReader(Path(name), store.existing_state(), sides=sides, provided=native)
    bundle = None
    try:
        bundle = reader.read()
    except ImportFailed as exc:
        problems = problems + in_export_terms(exc, name, mapping).errors
    if problems or bundle is None:  # every problem at once, in the export's order
        raise ImportFailed(Path(name), sorted(problems, key=lambda e: e.line or 0))
    bundle.warnings.extend(notes)
    return HrisImport(bundle, len(rows), list(bundle.warnings), _changes(bundle, stored, leaves))


CHANGES_SHOWN = 50
EMPLOYEE_FIELDS = (
    "name", "email", "department", "team", "role_id", "manager_id", "hire_date", "goal_role_id"
)  # fmt: skip


def _changes(
    bundle: Bundle,
    stored: Mapping[str, Employee],
    leaves: Mapping[tuple[str, date], EmploymentEvent],
) -> list[str]:
    """Employees and leaves the import creates or changes, field by field, for a person to
    read before it is written (`--dry-run`)."""
    lines: list[str] = []
    for person in bundle.employees or []:
        before = stored.get(person.employee_id)
        if before is None:
            lines.append(f"new employee {person.employee_id} ({person.name})")
            continue
        diffs = [
            f"{f} {getattr(before, f) or '—'} → {getattr(person, f) or '—'}"
            for f in EMPLOYEE_FIELDS
            if getattr(before, f) != getattr(person, f)
        ]
        if diffs:
            lines.append(f"{person.employee_id}: " + "; ".join(diffs))
    for event in bundle.events or []:
        held = leaves.get((event.employee_id or "", event.on))
        if held is None:
            lines.append(f"new leave: {event.employee_id} on {event.on.isoformat()}")
        elif held.voluntary != event.voluntary:
            lines.append(
                f"{event.employee_id}'s leave on {event.on.isoformat()}: voluntary "
                f"{held.voluntary} → {event.voluntary}"
            )
    if len(lines) > CHANGES_SHOWN:
        return [*lines[:CHANGES_SHOWN], f"… and {len(lines) - CHANGES_SHOWN} more"]
    return lines


# ---------------------------------------------------------------------------- errors


def in_export_terms(failed: ImportFailed, export: str, mapping: MappingFile) -> ImportFailed:
    """The native reader's problems told in the export's terms: its file name, and the
    column a field came from."""
    sources: dict[tuple[str, str], str] = {}
    for kind, fields in mapping.kinds.items():
        for target, spec in fields.items():
            sources[(KINDS[kind][0], target)] = spec.source()
    if mapping.leaves is not None:
        sources[("events.csv", "date")] = mapping.leaves["date"].source()
        if "voluntary" in mapping.leaves:
            sources[("events.csv", "voluntary")] = mapping.leaves["voluntary"].source()
    errors = [
        ValidationError(
            e.reason,
            file=export,
            line=e.line,
            field=sources.get((e.file, e.field), e.field),
        )
        for e in failed.errors
    ]
    return ImportFailed(Path(export), errors)


def role_titles(existing_titles: Iterable[tuple[str, str]]) -> dict[str, list[str]]:
    """Role ids by their title, compared as names are (case, accents, spacing aside)."""
    found: dict[str, list[str]] = {}
    for role_id, title in existing_titles:
        found.setdefault(name_key(title), []).append(role_id)
    return found
