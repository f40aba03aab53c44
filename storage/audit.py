"""The audit log: who asked what, which records were used, with which model and prompt."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Engine, delete, insert, select, update

from storage import schema


class AuditRepository:
    def __init__(self, engine: Engine):
        self.engine = engine

    def record(
        self,
        key_name: str,
        role: str,
        endpoint: str,
        status: int,
        latency_ms: float,
        question: str = "",
        details: dict[str, Any] | None = None,
    ) -> None:
        with self.engine.begin() as conn:
            conn.execute(
                insert(schema.audit_log).values(
                    time=datetime.now(UTC).replace(tzinfo=None),
                    key_name=key_name,
                    role=role,
                    endpoint=endpoint,
                    status=status,
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

    def forget_employee(self, conn: Any, employee_id: str, name: str) -> None:
        """Keep the events, drop the person: questions and details that name them are
        blanked, within the caller's transaction."""
        rows = conn.execute(select(schema.audit_log)).mappings().all()
        for row in rows:
            blob = json.dumps(row["details"]) + row["question"]
            if employee_id in blob or (name and name.casefold() in blob.casefold()):
                conn.execute(
                    update(schema.audit_log)
                    .where(schema.audit_log.c.id == row["id"])
                    .values(question="[erased]", details={"erased": True})
                )
