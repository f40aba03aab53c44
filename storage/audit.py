"""The audit log: who asked what, which records were used, with which model and prompt."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Engine, delete, insert, select, update

from domain.erasure import ERASED, Identity
from storage import schema


class AuditRepository:
    def __init__(self, engine: Engine):
        self.engine = engine

    def record(
        self,
        *,
        key_id: str | None,
        key_name: str,
        role: str,
        method: str,
        path: str,
        route: str,
        status: int,
        outcome: str,
        latency_ms: float,
        question: str = "",
        details: dict[str, Any] | None = None,
        at: datetime | None = None,
    ) -> None:
        """One row; `at` is when the request ended (a row written late keeps its time)."""
        with self.engine.begin() as conn:
            conn.execute(
                insert(schema.audit_log).values(
                    time=at or datetime.now(UTC).replace(tzinfo=None),
                    key_id=key_id,
                    key_name=key_name,
                    role=role,
                    method=method,
                    path=path[:512],
                    endpoint=f"{method} {route}"[:256],
                    status=status,
                    outcome=outcome,
                    question=question[:2000],
                    details=details or {},
                    latency_ms=round(latency_ms, 2),
                )
            )

    def list(self, limit: int = 100) -> list[dict[str, Any]]:
        query = select(schema.audit_log).order_by(schema.audit_log.c.id.desc()).limit(limit)
        with self.engine.connect() as conn:
            return [
                {**dict(r), "time": r["time"].isoformat()} for r in conn.execute(query).mappings()
            ]

    def purge(self, retention_days: int) -> int:
        cutoff = datetime.now(UTC).replace(tzinfo=None) - timedelta(days=retention_days)
        with self.engine.begin() as conn:
            return int(
                conn.execute(
                    delete(schema.audit_log).where(schema.audit_log.c.time < cutoff)
                ).rowcount
            )

    def forget_employee(self, conn: Any, person: Identity, key_ids: set[str]) -> None:
        """Keep the events, drop the person, within the caller's transaction: a question or
        details naming them are blanked, their id leaves the path, and their keys' names go."""
        for row in conn.execute(select(schema.audit_log)).mappings().all():
            values: dict[str, Any] = {}
            if person.mentioned_in(row["question"]) or person.mentioned_in(row["details"]):
                values.update(question=ERASED, details={"erased": True})
            if row["path"] and person.mentioned_in(row["path"]):
                values["path"] = person.redact(row["path"])
            if row["key_id"] in key_ids or person.mentioned_in(row["key_name"]):
                values["key_name"] = ERASED
            if values:
                conn.execute(
                    update(schema.audit_log)
                    .where(schema.audit_log.c.id == row["id"])
                    .values(**values)
                )
