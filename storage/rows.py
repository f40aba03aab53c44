"""Records as the store's rows, and the one way a load writes them: validated records in,
rows compared in Python with what each table holds (so SQLite and PostgreSQL behave the same
and a load reports exactly what changed), then inserted, updated or deleted in batches."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Table, and_, bindparam, delete, select, tuple_, update
from sqlalchemy import insert as sa_insert

from domain.erasure import ERASED, Identity
from domain.models import (
    Employee,
    EmploymentEvent,
    LearningResource,
    Requirement,
    Skill,
    SkillAssertion,
    Vacancy,
)
from domain.text import plain, plain_name
from storage import schema

# Names, titles and descriptions from files are stored as plain text (domain/text.py).
EVIDENCE_LIMIT = 300
SAFE_URL = re.compile(r"^https://[^\s<>\"']+$")

_BATCH = 20_000


@dataclass
class Counts:
    inserted: int = 0
    updated: int = 0
    deleted: int = 0
    unchanged: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.inserted or self.updated or self.deleted)


@dataclass
class LoadReport:
    folder: str
    counts: dict[str, Counts] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return any(c.changed for c in self.counts.values())


def _chunks(
    rows: Sequence[dict[str, Any]], size: int = _BATCH
) -> Iterable[Sequence[dict[str, Any]]]:
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


def sync_rows(
    conn: Connection,
    table: Table,
    keys: Sequence[str],
    rows: list[dict[str, Any]],
    *,
    delete_missing: bool,
    in_scope: Callable[[Any], bool] | None = None,
    touched: list[Any] | None = None,
) -> Counts:
    """Make `table` (within `scope`) hold `rows`: insert new, update changed, maybe delete the
    rest. Compares in Python so it behaves the same on SQLite and Postgres and can report
    exactly what changed. `in_scope` limits which stored rows take part. `touched` gets
    every row written or deleted (an update's old and new values both)."""
    existing = {
        tuple(r[k] for k in keys): r
        for r in conn.execute(select(table)).mappings()
        if in_scope is None or in_scope(r)
    }
    counts = Counts()
    inserts: list[dict[str, Any]] = []
    updates: list[dict[str, Any]] = []
    for row in rows:
        old = existing.pop(tuple(row[k] for k in keys), None)
        if old is None:
            inserts.append(row)
        elif any(old[column] != value for column, value in row.items()):
            updates.append(row)
            if touched is not None:
                touched.append(old)
        else:
            counts.unchanged += 1
    if touched is not None:
        touched.extend(inserts)
        touched.extend(updates)
        if delete_missing:
            touched.extend(existing.values())
    for batch in _chunks(inserts):
        conn.execute(sa_insert(table), list(batch))
    if updates:
        statement = update(table).where(and_(*[table.c[k] == bindparam(f"key_{k}") for k in keys]))
        params = [
            {
                **{c: v for c, v in row.items() if c not in keys},
                **{f"key_{k}": row[k] for k in keys},
            }
            for row in updates
        ]
        for batch in _chunks(params):
            conn.execute(statement, list(batch))
    if delete_missing and existing:
        stale = list(existing)
        for start in range(0, len(stale), 500):
            part = stale[start : start + 500]
            if len(keys) == 1:
                condition = table.c[keys[0]].in_([k[0] for k in part])
            else:
                condition = tuple_(*[table.c[k] for k in keys]).in_(part)
            conn.execute(delete(table).where(condition))
        counts.deleted = len(stale)
    counts.inserted, counts.updated = len(inserts), len(updates)
    return counts


def bump_data_version(conn: Connection) -> int:
    """Mark that records the analytics read have changed (see schema.store_meta); returns
    the new version. Serving processes reload their organisation when it moves."""
    meta = schema.store_meta
    updated = conn.execute(
        update(meta).where(meta.c.id == 1).values(data_version=meta.c.data_version + 1)
    )
    if updated.rowcount == 0:
        conn.execute(sa_insert(meta).values(id=1, data_version=1))
    return int(conn.scalar(select(meta.c.data_version).where(meta.c.id == 1)) or 0)


# Per-person changes kept for serving processes to catch up with; one that fell further
# behind than this reloads the organisation whole.
CHANGES_KEPT = 2_000


def people_changed(conn: Connection, employee_ids: Iterable[str]) -> int:
    """Bump the data version for a change that touched only these people's records (their
    row, assertions, events): a serving process updates just them (schema.org_changes)."""
    version = bump_data_version(conn)
    table = schema.org_changes
    conn.execute(
        sa_insert(table).values(
            data_version=version,
            employee_ids=sorted(set(employee_ids)),
            changed_at=datetime.now(UTC).replace(tzinfo=None),
        )
    )
    if version % 100 == 0:  # now and then, not on every change
        conn.execute(delete(table).where(table.c.data_version <= version - CHANGES_KEPT))
    return version


def skill_row(s: Skill) -> dict[str, Any]:
    return {
        "skill_id": s.skill_id,
        "name": plain_name(s.name),
        "category": plain_name(s.category),
        "description": plain(s.description),
        "aliases": [plain_name(a) for a in s.aliases],
        "level_descriptors": {str(k): plain(v) for k, v in sorted(s.level_descriptors.items())},
    }


def requirement_row(role_id: str, q: Requirement) -> dict[str, Any]:
    return {
        "role_id": role_id,
        "skill_id": q.skill_id,
        "level": q.level,
        "importance": q.importance,
        "inferred": q.inferred,
        "evidence": plain(q.evidence, EVIDENCE_LIMIT),
        "confidence": q.confidence,
    }


def resource_row(r: LearningResource) -> dict[str, Any]:
    return {
        "resource_id": r.resource_id,
        "title": plain_name(r.title),
        "type": r.type.value,
        "provider": plain_name(r.provider),
        "internal": r.internal,
        "hours": r.hours,
        "cost": r.cost,
        "url": r.url if SAFE_URL.match(r.url or "") else "",
        "prerequisites": list(r.prerequisites),
    }


def employee_row(e: Employee) -> dict[str, Any]:
    return {
        "employee_id": e.employee_id,
        "name": plain_name(e.name),
        "email": e.email,
        "department": plain_name(e.department),
        "team": plain_name(e.team),
        "role_id": e.role_id,
        "manager_id": e.manager_id,
        "hire_date": e.hire_date,
        "goal_role_id": e.goal_role_id,
    }


def assertion_row(a: SkillAssertion) -> dict[str, Any]:
    return {
        "employee_id": a.employee_id,
        "skill_id": a.skill_id,
        "level": a.level,
        "source": a.source.value,
        "assessed_on": a.assessed_on,
        "evidence": plain(a.evidence, EVIDENCE_LIMIT),
    }


def vacancy_row(v: Vacancy) -> dict[str, Any]:
    return {
        "vacancy_id": v.vacancy_id,
        "role_id": v.role_id,
        "team": plain_name(v.team),
        "opened": v.opened,
        "status": v.status.value,
        "closed": v.closed,
        "filled_from": v.filled_from.value if v.filled_from else None,
        "filled_by": v.filled_by,
        "critical": v.critical,
    }


def event_row(e: EmploymentEvent) -> dict[str, Any]:
    return {
        "event_id": e.event_id,
        "employee_id": e.employee_id,
        "type": e.type.value,
        "on": e.on,
        "role_id": e.role_id,
        "team": plain_name(e.team) if e.team else None,
        "voluntary": e.voluntary,
    }


def forget_in_columns(
    conn: Connection,
    table: Table,
    key: str,
    columns: Sequence[str],
    person: Identity,
    key_names: set[str],
) -> None:
    """Within an erasure's transaction: who acted (a stored actor label) or any text in
    `columns` naming the person loses the name; a value that is one of their keys' names
    becomes ERASED."""
    for row in conn.execute(select(table)).mappings().all():
        values: dict[str, Any] = {}
        for column in columns:
            text = row[column] or ""
            if text in key_names:
                values[column] = ERASED
            elif person.mentioned_in(text):
                values[column] = person.redact(text)
        if values:
            conn.execute(update(table).where(table.c[key] == row[key]).values(**values))
