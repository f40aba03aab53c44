"""Request counters per caller and minute (the `rate_limits` table), shared by every
process on the database: the arithmetic of the limit is api/limits.py's, the counting
is here, so that N workers cannot give a key N times its limit.

A counted request costs one statement: an upsert that returns the new count. The
previous minute's count, which nobody adds to any more, is read once per caller and
minute and remembered."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from sqlalchemy import Connection, Engine, bindparam, delete, select, update
from sqlalchemy.dialects.postgresql import insert as postgres_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import OperationalError

from storage import schema

table = schema.rate_limits
_BOTH_MINUTES = select(table.c.minute, table.c.hits).where(
    table.c.bucket == bindparam("bucket"),
    table.c.minute.in_([bindparam("previous"), bindparam("minute")]),
)
_SWEEP = delete(table).where(table.c.minute < bindparam("before"))


def _upsert(dialect: str) -> Any:
    insert = sqlite_insert if dialect == "sqlite" else postgres_insert
    return (
        insert(table)
        .values(bucket=bindparam("bucket"), minute=bindparam("minute"), hits=1)
        .on_conflict_do_update(
            index_elements=[table.c.bucket, table.c.minute], set_={"hits": table.c.hits + 1}
        )
        .returning(table.c.hits)
    )


class Refused(Exception):
    """The counted request was over the limit: its count is rolled back."""


class CountingUnavailable(Exception):
    """The store could not count now (SQLite locked by a long load, or unreachable)."""


# How long a count waits for another process's write lock on SQLite (a `talent load` can
# hold it for many seconds): past it the caller counts in memory instead of waiting.
COUNT_BUSY_MS = 200


class RateLimitRepository:
    def __init__(self, engine: Engine):
        """`engine`: on SQLite, one whose busy timeout is COUNT_BUSY_MS (Store opens it)."""
        self.engine = engine
        dialect = engine.dialect.name
        self._upsert = _upsert(dialect) if dialect in ("sqlite", "postgresql") else None
        self._previous: dict[str, int] = {}  # bucket -> its count in `_previous_minute`
        self._previous_minute = -1
        self._lock = threading.Lock()

    def counts(self, bucket: str, minute: int) -> tuple[int, int]:
        """(hits in the previous minute, hits in this one)."""
        with self.engine.connect() as conn:
            return self._counts(conn, bucket, minute)

    def count(self, bucket: str, minute: int, over: Callable[[int, int], bool]) -> None:
        """Count one hit, atomically across processes, unless `over(previous, current)`
        (current including this hit) says it is one too many: then raise Refused and
        count nothing."""
        try:
            with self.engine.begin() as conn:
                current = self._add(conn, bucket, minute)
                if over(self._previous_count(conn, bucket, minute), current):
                    raise Refused  # leaves the transaction: the hit is not counted
                if current == 1:  # a bucket's first hit in a minute: sweep the expired
                    conn.execute(_SWEEP, {"before": minute - 1})
        except OperationalError as exc:
            raise CountingUnavailable(str(exc).splitlines()[0]) from exc

    def _previous_count(self, conn: Connection, bucket: str, minute: int) -> int:
        with self._lock:
            if self._previous_minute != minute - 1:
                self._previous, self._previous_minute = {}, minute - 1
            known = self._previous.get(bucket)
        if known is None:
            known = self._counts(conn, bucket, minute)[0]
            with self._lock:
                if self._previous_minute == minute - 1:
                    self._previous[bucket] = known
        return known

    def _counts(self, conn: Connection, bucket: str, minute: int) -> tuple[int, int]:
        rows = conn.execute(
            _BOTH_MINUTES, {"bucket": bucket, "previous": minute - 1, "minute": minute}
        ).all()
        found = {row.minute: row.hits for row in rows}
        return found.get(minute - 1, 0), found.get(minute, 0)

    def _add(self, conn: Connection, bucket: str, minute: int) -> int:
        if self._upsert is not None:
            return int(
                conn.execute(self._upsert, {"bucket": bucket, "minute": minute}).scalar_one()
            )
        # Other databases: update, else insert, inside the caller's transaction.
        where = (table.c.bucket == bucket) & (table.c.minute == minute)
        if conn.execute(update(table).where(where).values(hits=table.c.hits + 1)).rowcount:
            return int(conn.execute(select(table.c.hits).where(where)).scalar_one())
        conn.execute(table.insert().values(bucket=bucket, minute=minute, hits=1))
        return 1
