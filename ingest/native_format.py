"""The native folder format's pieces (docs/data-format.md): each file's columns, the field
parsers, CSV and YAML read with the line of every value, front matter, and the error that
lists a folder's problems. `ingest/native_folder.py` reads a folder with them."""

from __future__ import annotations

import csv
import logging
import math
from collections.abc import Iterator
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Any

import yaml

from core.errors import UserError, ValidationError
from domain.models import FIRST_YEAR

log = logging.getLogger(__name__)
MAX_ERRORS = 50
# Bounds a record's numbers and dates must keep: beyond them a value is a typo.
MAX_HOURS = 10_000.0
MAX_COST = 10_000_000.0
ID_CHARS = set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.:-")

SKILL_COLUMNS = ["skill_id", "name", "category"]
SKILL_OPTIONAL = ["description", "aliases", *[f"level_{i}" for i in range(1, 6)]]
EMPLOYEE_COLUMNS = ["employee_id", "name", "email", "department", "team"]
EMPLOYEE_OPTIONAL = ["role_id", "manager_id", "hire_date", "goal_role_id"]
ASSERTION_COLUMNS = ["employee_id", "skill", "level", "source", "assessed_on"]
ASSERTION_OPTIONAL = ["evidence", "scale"]
RESOURCE_COLUMNS = ["resource_id", "title", "type", "internal", "skills", "hours"]
RESOURCE_OPTIONAL = ["provider", "cost", "url", "prerequisites"]
ROLE_KEYS = {
    "role_id",
    "title",
    "department",
    "family",
    "description",
    "requirements",
    "next_roles",
}
REQUIREMENT_KEYS = {"skill", "level", "importance"}
VACANCY_COLUMNS = ["vacancy_id", "role_id", "team", "opened", "status"]
VACANCY_OPTIONAL = ["closed", "filled_from", "filled_by", "critical"]
EVENT_COLUMNS = ["event_id", "employee_id", "type", "date"]
EVENT_OPTIONAL = ["role_id", "team", "voluntary"]


class ImportFailed(UserError):
    """An import folder had invalid records; nothing was written."""

    def __init__(self, folder: Path, errors: list[ValidationError]):
        self.errors = errors
        shown = "\n".join(f"  - {e}" for e in errors)
        more = f" (stopped after the first {MAX_ERRORS})" if len(errors) >= MAX_ERRORS else ""
        super().__init__(
            f"{len(errors)} problem(s) in {folder}{more}; nothing was loaded:\n{shown}"
        )


class Problems:
    def __init__(self, folder: Path, unit: str = "line"):
        self.folder = folder
        self.unit = unit  # what `line` counts: a file's lines, or a JSON list's items
        self.errors: list[ValidationError] = []

    def add(self, file: str, line: int | None, column: str, message: str) -> None:
        if len(self.errors) < MAX_ERRORS:
            self.errors.append(
                ValidationError(message, file=file, line=line, field=column, unit=self.unit)
            )

    @property
    def full(self) -> bool:
        return len(self.errors) >= MAX_ERRORS


class BadValue(Exception):
    pass


# ---------------------------------------------------------------- field parsers


def identifier(value: str) -> str:
    if not value:
        raise BadValue("is empty")
    if not set(value) <= ID_CHARS:
        raise BadValue(f"'{value}' is not a valid id (letters, digits, _ . : - only)")
    return value


def int_in(value: str, low: int, high: int) -> int:
    try:
        number = int(value)
    except ValueError:
        raise BadValue(f"'{value}' is not a whole number") from None
    if not low <= number <= high:
        raise BadValue(f"{number} is outside {low}–{high}")
    return number


def float_at_least(
    value: str, low: float, *, strictly: bool = False, high: float = float("inf")
) -> float:
    try:
        number = float(value)
    except ValueError:
        raise BadValue(f"'{value}' is not a number") from None
    if not math.isfinite(number):
        raise BadValue(f"'{value}' is not a finite number")
    if number < low or (strictly and number == low):
        raise BadValue(f"{value} must be {'>' if strictly else '≥'} {low:g}")
    if number > high:
        raise BadValue(f"{value} is more than {high:g}")
    return number


def parse_date(value: str) -> date:
    """A calendar date that could be a record's: from 1950 to next year."""
    try:
        found = date.fromisoformat(value)
    except ValueError:
        raise BadValue(f"'{value}' is not a date (YYYY-MM-DD)") from None
    if not FIRST_YEAR <= found.year <= date.today().year + 1:
        raise BadValue(
            f"'{value}' is not a plausible date (years {FIRST_YEAR} to {date.today().year + 1})"
        )
    return found


def parse_bool(value: str) -> bool:
    lowered = value.strip().lower()
    if lowered in {"true", "yes", "1", "y"}:
        return True
    if lowered in {"false", "no", "0", "n"}:
        return False
    raise BadValue(f"'{value}' is not true/false")


def choice(value: str, enum: type[StrEnum]) -> Any:
    try:
        return enum(value.strip().lower())
    except ValueError:
        allowed = ", ".join(m.value for m in enum)
        raise BadValue(f"'{value}' is not one of: {allowed}") from None


def split_list(value: str) -> list[str]:
    return [part.strip() for part in value.split(";") if part.strip()]


# ---------------------------------------------------------------- CSV reading


def read_csv(
    path: Path,
    required: list[str],
    optional: list[str],
    problems: Problems,
    warnings: list[str],
) -> Iterator[tuple[int, dict[str, str]]]:
    """Yield (line number, row) with stripped values; header problems are recorded."""
    name = path.name
    try:
        handle = path.open(encoding="utf-8-sig", newline="")
    except OSError as exc:
        problems.add(name, None, "", f"cannot be read: {exc.strerror}")
        return
    with handle:
        try:
            reader = csv.DictReader(handle)
            header = [h.strip() for h in (reader.fieldnames or [])]
        except (UnicodeDecodeError, csv.Error) as exc:
            problems.add(name, 1, "", f"is not a UTF-8 CSV file: {exc}")
            return
        reader.fieldnames = header
        if not header:
            problems.add(name, 1, "", "is empty (no header row)")
            return
        for column in required:
            if column not in header:
                problems.add(name, 1, column, "required column is missing")
        unknown = [h for h in header if h not in required and h not in optional]
        if unknown:
            message = f"{name}: unknown column(s) ignored: {', '.join(unknown)}"
            warnings.append(message)
            log.warning(message)
        if any(c not in header for c in required):
            return
        line = 2
        try:
            for row in reader:
                start, line = line, reader.line_num + 1
                if None in row:
                    problems.add(name, start, "", "has more fields than the header")
                    continue
                values = {k: (v or "").strip() for k, v in row.items()}
                if not any(values.values()):
                    continue  # blank line
                yield start, values
        except (UnicodeDecodeError, csv.Error) as exc:
            problems.add(name, line, "", f"cannot be parsed: {exc}")


# ---------------------------------------------------------------- YAML with line numbers


class LineLoader(yaml.SafeLoader):
    pass


def _construct_mapping(loader: LineLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    mapping = loader.construct_mapping(node, deep=True)
    mapping["__line__"] = node.start_mark.line + 1
    # Where each key sits, so an error points at the exact line of the bad value.
    mapping["__lines__"] = {str(key.value): key.start_mark.line + 1 for key, _value in node.value}
    return mapping


LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def in_cycle(start: str, managers: dict[str, str | None]) -> bool:
    seen = {start}
    current = managers.get(start)
    while current is not None:
        if current in seen:
            return current == start
        seen.add(current)
        current = managers.get(current)
    return False


def split_front_matter(text: str) -> tuple[dict[str, Any], str, str]:
    """(metadata, body, error) for a Markdown file with optional YAML front matter."""
    if not text.startswith("---"):
        return {}, text, ""
    lines = text.splitlines(keepends=True)
    for index in range(1, len(lines)):
        if lines[index].strip() == "---":
            try:
                meta = yaml.safe_load("".join(lines[1:index])) or {}
            except yaml.YAMLError as exc:
                return {}, "", f"is not valid YAML: {exc}"
            except RecursionError:
                return {}, "", "is nested too deeply"
            if not isinstance(meta, dict):
                return {}, "", "must be a YAML mapping"
            return meta, "".join(lines[index + 1 :]), ""
    return {}, "", "is not closed by a '---' line"
