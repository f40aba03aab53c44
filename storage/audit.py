"""The audit log: who asked what, which records were used, with which model and prompt."""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Engine, delete, insert, select, update

from domain.erasure import ERASED, Identity
from storage import schema

# How long a process remembers whom it erased, to blank rows of requests that were still
# in flight (their rows are written after the response, so after the erasure). Far above
# any request's time; in memory only.
REMEMBER_ERASED = timedelta(minutes=10)


def _blanked(row: Mapping[str, Any], person: Identity, key_ids: set[str]) -> dict[str, Any]:
    """The values that take the person out of one audit row (empty when none are needed)."""
    values: dict[str, Any] = {}
    if person.mentioned_in(row["question"]) or person.mentioned_in(row["details"]):
        values.update(question=ERASED, details={"erased": True})
    if row["path"] and person.mentioned_in(row["path"]):
        values["path"] = person.redact(row["path"])
    if row["key_id"] in key_ids or person.mentioned_in(row["key_name"]):
        values["key_name"] = ERASED
    return values


class AuditRepository:
    def __init__(self, engine: Engine):
        self.engine = engine
        self._erased: deque[tuple[datetime, Identity, set[str]]] = deque(maxlen=256)
        self._lock = threading.Lock()

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
        """One row; `at` is when the request ended (a row written late keeps its time).
        A request still running when its person was erased is recorded blanked."""
        row: dict[str, Any] = dict(
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
        for person, keys in self._recently_erased():
            row.update(_blanked(row, person, keys))
        with self.engine.begin() as conn:
            conn.execute(insert(schema.audit_log).values(**row))

    def _recently_erased(self) -> list[tuple[Identity, set[str]]]:
        since = datetime.now(UTC) - REMEMBER_ERASED
        with self._lock:
            while self._erased and self._erased[0][0] < since:
                self._erased.popleft()
            return [(person, keys) for _, person, keys in self._erased]

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
        with self._lock:
            self._erased.append((datetime.now(UTC), person, set(key_ids)))
        for row in conn.execute(select(schema.audit_log)).mappings().all():
            values = _blanked(row, person, key_ids)
            if values:
                conn.execute(
                    update(schema.audit_log)
                    .where(schema.audit_log.c.id == row["id"])
                    .values(**values)
                )
