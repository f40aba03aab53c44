"""The audit log: who asked what, which records were used, with which model and prompt."""

from __future__ import annotations

import logging
import threading
import time
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


_INSERT = insert(schema.audit_log)  # one per request: built once
PENDING_MAX = 10_000  # rows waiting for a busy store before the oldest is dropped
BATCH_MAX = 500
RETRY_S = 0.5
PURGE_EVERY_S = 24 * 3600
log = logging.getLogger(__name__)


def _row(
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
) -> dict[str, Any]:
    return dict(
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


class AuditRepository:
    def __init__(self, engine: Engine):
        self.engine = engine
        self._erased: deque[tuple[datetime, Identity, set[str]]] = deque(maxlen=256)
        self._lock = threading.Lock()
        # Rows submitted and not yet written, and the one thread that writes them.
        self._queue: deque[dict[str, Any]] = deque()
        self._queued = threading.Condition()
        self._writing = False
        self._writer: threading.Thread | None = None
        self.retention_days: int | None = None  # set by keep_for
        self._purged_at = time.monotonic()

    def record(self, **fields: Any) -> None:
        """One row, written now (the fields of `_row`; `at` is when the request ended, so a
        row written late keeps its time). A request still running when its person was
        erased is recorded blanked."""
        self._write([_row(**fields)])

    def submit(self, **fields: Any) -> None:
        """One row (the fields of `record`), written by this repository's writer thread
        with whatever else is waiting, in one transaction: the request that made it does
        not wait. While the store is busy rows wait (up to PENDING_MAX, oldest dropped
        first, with a warning) and go with the next write."""
        row = _row(**fields)
        with self._queued:
            if len(self._queue) >= PENDING_MAX:
                self._queue.popleft()
                log.warning("audit queue full (%d rows): the oldest row is dropped", PENDING_MAX)
            self._queue.append(row)
            if self._writer is None or not self._writer.is_alive():
                self._writer = threading.Thread(
                    target=self._drain, name="audit-writer", daemon=True
                )
                self._writer.start()
            self._queued.notify_all()

    def flush(self, timeout_s: float = 5.0) -> bool:
        """Wait until every submitted row is written; False if `timeout_s` passed first."""
        deadline = time.monotonic() + timeout_s
        with self._queued:
            while self._queue or self._writing:
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self._queued.wait(left)
        return True

    def _drain(self) -> None:
        while True:
            with self._queued:
                while not self._queue:
                    self._queued.wait()
                batch = list(self._queue)[:BATCH_MAX]
                self._writing = True
            try:
                self._write(batch)
            except Exception as exc:  # the responses are gone: keep the rows, retry later
                log.warning(
                    "audit rows wait for the store (%d queued): %s",
                    len(self._queue),
                    str(exc).splitlines()[0],
                )
                with self._queued:
                    self._writing = False
                    self._queued.notify_all()
                time.sleep(RETRY_S)
                continue
            self._purge_if_due()  # before the rows count as written: flush() waits for it
            with self._queued:
                for _ in batch:
                    self._queue.popleft()
                self._writing = False
                self._queued.notify_all()

    def _purge_if_due(self) -> None:
        if self.retention_days and time.monotonic() - self._purged_at > PURGE_EVERY_S:
            self._purged_at = time.monotonic()
            try:
                self.purge(self.retention_days)
            except Exception as exc:  # the next day's try, or the next start, purges
                log.warning("audit retention purge failed: %s", str(exc).splitlines()[0])

    def _write(self, rows: list[dict[str, Any]]) -> None:
        erased = self._recently_erased()
        for row in rows:
            for person, keys in erased:
                row.update(_blanked(row, person, keys))
        with self.engine.begin() as conn:
            conn.execute(_INSERT, rows)

    def _recently_erased(self) -> list[tuple[Identity, set[str]]]:
        since = datetime.now(UTC) - REMEMBER_ERASED
        with self._lock:
            while self._erased and self._erased[0][0] < since:
                self._erased.popleft()
            return [(person, keys) for _, person, keys in self._erased]

    def list(self, limit: int = 100) -> list[dict[str, Any]]:
        """The newest rows, including those this process submitted a moment ago."""
        self.flush(timeout_s=2.0)
        query = select(schema.audit_log).order_by(schema.audit_log.c.id.desc()).limit(limit)
        with self.engine.connect() as conn:
            return [
                {**dict(r), "time": r["time"].isoformat()} for r in conn.execute(query).mappings()
            ]

    def keep_for(self, retention_days: int) -> int:
        """Delete rows older than `retention_days` now, and again once a day from the
        writer thread, so a server that runs for months keeps its retention."""
        self.retention_days = retention_days
        self._purged_at = time.monotonic()
        return self.purge(retention_days)

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
