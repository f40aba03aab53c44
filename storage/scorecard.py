"""The scorecard's records: targets and their changes, recorded series, the committee's
decisions. Checks that need the organisation (owners in HR and IT) are made before these
are called (services/scorecard.py)."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Engine, Table, delete, insert, select, update

from core.errors import NotFoundError
from domain.erasure import ERASED, Identity
from domain.scorecard import Direction, Target
from domain.text import plain_name
from storage import schema
from storage.rows import Counts

TARGET_FIELDS = ("figure", "value", "direction", "due", "hr_owner", "it_owner", "note")
DECISION_FIELDS = ("quarter", "kind", "text", "owner", "due", "status", "follow_up")


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None, microsecond=0)


def _upsert(
    conn: Any,
    table: Table,
    key: str,
    record_id: str,
    fields: dict[str, Any],
    actor: str,
    now: datetime,
) -> tuple[str, dict[str, Any] | None]:
    """Insert the record or update it where `fields` changed: ("inserted" | "updated" |
    "unchanged", the row as it was)."""
    found = conn.execute(select(table).where(table.c[key] == record_id)).mappings().first()
    current = dict(found) if found is not None else None
    if current is None:
        conn.execute(
            insert(table).values(
                **{key: record_id}, created_by=actor, created_at=now, updated_at=now, **fields
            )
        )
        return "inserted", None
    if all(current[k] == v for k, v in fields.items()):
        return "unchanged", current
    conn.execute(update(table).where(table.c[key] == record_id).values(updated_at=now, **fields))
    return "updated", current


def _named(row: dict[str, Any]) -> dict[str, Any]:
    """A recorded series' title and unit as plain text, like every other name stored."""
    return {**row, "title": plain_name(row["title"]), "unit": plain_name(row["unit"])}


def _json(row: dict[str, Any]) -> dict[str, Any]:
    return {k: v.isoformat() if isinstance(v, date | datetime) else v for k, v in row.items()}


class ScorecardRepository:
    def __init__(self, engine: Engine):
        self.engine = engine

    # ------------------------------------------------------------------ targets

    def targets(self) -> list[dict[str, Any]]:
        table = schema.targets
        with self.engine.connect() as c:
            return [
                dict(r)
                for r in c.execute(select(table).order_by(table.c.figure, table.c.due)).mappings()
            ]

    def target(self, target_id: str) -> dict[str, Any]:
        with self.engine.connect() as c:
            row = (
                c.execute(select(schema.targets).where(schema.targets.c.target_id == target_id))
                .mappings()
                .first()
            )
        if row is None:
            raise NotFoundError(f"no target '{target_id}'")
        return dict(row)

    def save_target(
        self, fields: dict[str, Any], actor: str, target_id: str | None = None
    ) -> dict[str, Any]:
        """Create a target (no id) or change one; either way the change is kept with who made
        it and when, and what it was before."""
        now = _now()
        table = schema.targets
        values = {k: fields[k] for k in TARGET_FIELDS if k in fields}
        with self.engine.begin() as c:
            before = None
            if target_id is None:
                target_id = f"t-{uuid.uuid4().hex[:10]}"
                c.execute(
                    insert(table).values(
                        target_id=target_id,
                        created_by=actor,
                        created_at=now,
                        updated_at=now,
                        **{"note": "", **values},
                    )
                )
            else:
                row = (
                    c.execute(select(table).where(table.c.target_id == target_id))
                    .mappings()
                    .first()
                )
                if row is None:
                    raise NotFoundError(f"no target '{target_id}'")
                before = _json({k: row[k] for k in TARGET_FIELDS})
                c.execute(
                    update(table)
                    .where(table.c.target_id == target_id)
                    .values(updated_at=now, **values)
                )
            after = c.execute(select(table).where(table.c.target_id == target_id)).mappings().one()
            c.execute(
                insert(schema.target_changes).values(
                    target_id=target_id,
                    changed_at=now,
                    changed_by=actor,
                    before=before,
                    after=_json({k: after[k] for k in TARGET_FIELDS}),
                )
            )
            return dict(after)

    def delete_target(self, target_id: str) -> None:
        with self.engine.begin() as c:
            done = c.execute(delete(schema.targets).where(schema.targets.c.target_id == target_id))
            if done.rowcount == 0:
                raise NotFoundError(f"no target '{target_id}'")

    def history(self, target_id: str) -> list[dict[str, Any]]:
        self.target(target_id)
        table = schema.target_changes
        with self.engine.connect() as c:
            return [
                {k: v for k, v in dict(r).items() if k != "id"}
                for r in c.execute(
                    select(table).where(table.c.target_id == target_id).order_by(table.c.id)
                ).mappings()
            ]

    @staticmethod
    def as_target(row: dict[str, Any]) -> Target:
        return Target(
            target_id=row["target_id"],
            figure=row["figure"],
            value=row["value"],
            direction=Direction(row["direction"]),
            due=row["due"],
            hr_owner=row["hr_owner"],
            it_owner=row["it_owner"],
            note=row["note"],
        )

    # ------------------------------------------------------------------ recorded series

    def record(self, rows: list[dict[str, Any]], actor: str) -> int:
        """Upsert quarterly values (series, quarter, value, unit, title, direction)."""
        table = schema.recorded_values
        now = _now()
        with self.engine.begin() as c:
            for row in rows:
                c.execute(
                    delete(table).where(
                        table.c.series == row["series"], table.c.quarter == row["quarter"]
                    )
                )
                c.execute(insert(table).values(recorded_by=actor, recorded_at=now, **_named(row)))
        return len(rows)

    def recorded(self) -> list[dict[str, Any]]:
        table = schema.recorded_values
        with self.engine.connect() as c:
            return [
                dict(r)
                for r in c.execute(
                    select(table).order_by(table.c.series, table.c.quarter)
                ).mappings()
            ]

    # ------------------------------------------------------------------ decisions

    def decisions(self, quarter: str | None = None) -> list[dict[str, Any]]:
        table = schema.decisions
        query = select(table).order_by(table.c.quarter, table.c.created_at, table.c.decision_id)
        if quarter is not None:
            query = query.where(table.c.quarter == quarter)
        with self.engine.connect() as c:
            return [dict(r) for r in c.execute(query).mappings()]

    def add_decision(self, fields: dict[str, Any], actor: str) -> dict[str, Any]:
        now = _now()
        decision_id = f"d-{uuid.uuid4().hex[:10]}"
        values = {
            "follow_up": "",
            "status": "open",
            "kind": "decision",
            **{k: fields[k] for k in DECISION_FIELDS if k in fields},
        }
        with self.engine.begin() as c:
            c.execute(
                insert(schema.decisions).values(
                    decision_id=decision_id,
                    created_by=actor,
                    created_at=now,
                    updated_at=now,
                    **values,
                )
            )
        return self.decision(decision_id)

    def decision(self, decision_id: str) -> dict[str, Any]:
        table = schema.decisions
        with self.engine.connect() as c:
            row = (
                c.execute(select(table).where(table.c.decision_id == decision_id))
                .mappings()
                .first()
            )
        if row is None:
            raise NotFoundError(f"no decision '{decision_id}'")
        return dict(row)

    def update_decision(self, decision_id: str, fields: dict[str, Any]) -> dict[str, Any]:
        self.decision(decision_id)
        values = {k: fields[k] for k in DECISION_FIELDS if k in fields}
        with self.engine.begin() as c:
            c.execute(
                update(schema.decisions)
                .where(schema.decisions.c.decision_id == decision_id)
                .values(updated_at=_now(), **values)
            )
        return self.decision(decision_id)

    # ------------------------------------------------------------------ loading a file

    def load(
        self, conn: Any, data: dict[str, list[dict[str, Any]]], actor: str
    ) -> dict[str, Counts]:
        """Within a load's transaction: scorecard.yaml's targets and decisions by id, and its
        recorded values by series and quarter, inserted or updated (a target's change kept
        in its history); what the file does not name is left alone."""
        now = _now()
        counts = {"targets": Counts(), "recorded_values": Counts(), "decisions": Counts()}
        for row in data.get("targets", []):
            fields = {k: row[k] for k in TARGET_FIELDS}
            outcome, current = _upsert(
                conn, schema.targets, "target_id", row["target_id"], fields, actor, now
            )
            setattr(counts["targets"], outcome, getattr(counts["targets"], outcome) + 1)
            if outcome != "unchanged":
                conn.execute(
                    insert(schema.target_changes).values(
                        target_id=row["target_id"],
                        changed_at=now,
                        changed_by=actor,
                        before=_json({k: current[k] for k in TARGET_FIELDS}) if current else None,
                        after=_json(fields),
                    )
                )
        values = schema.recorded_values
        for row in data.get("recorded", []):
            current = (
                conn.execute(
                    select(values).where(
                        values.c.series == row["series"], values.c.quarter == row["quarter"]
                    )
                )
                .mappings()
                .first()
            )
            named = _named(row)
            if current is not None and all(current[k] == named[k] for k in named):
                counts["recorded_values"].unchanged += 1
                continue
            if current is not None:
                conn.execute(
                    delete(values).where(
                        values.c.series == row["series"], values.c.quarter == row["quarter"]
                    )
                )
            conn.execute(insert(values).values(recorded_by=actor, recorded_at=now, **named))
            if current is None:
                counts["recorded_values"].inserted += 1
            else:
                counts["recorded_values"].updated += 1
        for row in data.get("decisions", []):
            fields = {k: row[k] for k in DECISION_FIELDS}
            outcome, _ = _upsert(
                conn, schema.decisions, "decision_id", row["decision_id"], fields, actor, now
            )
            setattr(counts["decisions"], outcome, getattr(counts["decisions"], outcome) + 1)
        return counts

    # ------------------------------------------------------------------ erasure

    def forget_employee(self, conn: Any, person: Identity, key_labels: set[str]) -> None:
        """Within the erasure's transaction: targets and decisions stay; the person is no
        longer their owner (the key is cleared by the foreign key), who changed or wrote
        them becomes [erased] when it was them, and texts naming them lose the name."""
        for table, columns in (
            (schema.targets, ("note", "created_by")),
            (schema.decisions, ("text", "follow_up", "created_by")),
            (schema.target_changes, ("changed_by",)),
            (schema.recorded_values, ("recorded_by",)),
        ):
            keys = list(table.primary_key.columns)
            for row in conn.execute(select(table)).mappings().all():
                values: dict[str, Any] = {}
                for column in columns:
                    text = row[column] or ""
                    if text in key_labels or text.endswith(f":{person.employee_id}"):
                        values[column] = ERASED
                    elif person.mentioned_in(text):
                        values[column] = person.redact(text)
                if table is schema.target_changes:
                    for side in ("before", "after"):
                        if row[side] and person.mentioned_in(row[side]):
                            values[side] = person.redact_all(row[side])
                if values:
                    conn.execute(
                        update(table).where(*[k == row[k.name] for k in keys]).values(**values)
                    )
            for column in ("hr_owner", "it_owner", "owner"):
                if column in table.c:
                    conn.execute(
                        update(table)
                        .where(table.c[column] == person.employee_id)
                        .values(**{column: None})
                    )
