"""Request counters per caller and minute (the `rate_limits` table), shared by every
process on the database: the arithmetic of the limit is api/limits.py's, the counting
is here, so that N workers cannot give a key N times its limit."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import Connection, Engine, delete, select, update
from sqlalchemy.dialects.postgresql import insert as postgres_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from storage import schema

table = schema.rate_limits


class Refused(Exception):
    """The counted request was over the limit: its count is rolled back."""


class RateLimitRepository:
    def __init__(self, engine: Engine):
        self.engine = engine

    def counts(self, bucket: str, minute: int) -> tuple[int, int]:
        """(hits in the previous minute, hits in this one)."""
        with self.engine.connect() as conn:
            return _counts(conn, bucket, minute)

    def count(self, bucket: str, minute: int, over: Callable[[int, int], bool]) -> None:
        """Count one hit, atomically across processes, unless `over(previous, current)`
        (current including this hit) says it is one too many: then raise Refused and
        count nothing."""
        with self.engine.begin() as conn:
            current = self._add(conn, bucket, minute)
            previous = _counts(conn, bucket, minute)[0]
            if over(previous, current):
                raise Refused  # leaves the transaction: the hit is not counted
            if current == 1:  # a bucket's first hit in a minute: sweep what has expired
                conn.execute(delete(table).where(table.c.minute < minute - 1))

    def _add(self, conn: Connection, bucket: str, minute: int) -> int:
        dialect = conn.dialect.name
        if dialect in ("sqlite", "postgresql"):
            insert = sqlite_insert if dialect == "sqlite" else postgres_insert
            statement = (
                insert(table)
                .values(bucket=bucket, minute=minute, hits=1)
                .on_conflict_do_update(
                    index_elements=[table.c.bucket, table.c.minute],
                    set_={"hits": table.c.hits + 1},
                )
                .returning(table.c.hits)
            )
            return int(conn.execute(statement).scalar_one())
        # Other databases: update, else insert, inside the caller's transaction.
        where = (table.c.bucket == bucket) & (table.c.minute == minute)
        if conn.execute(update(table).where(where).values(hits=table.c.hits + 1)).rowcount:
            return int(conn.execute(select(table.c.hits).where(where)).scalar_one())
        conn.execute(table.insert().values(bucket=bucket, minute=minute, hits=1))
        return 1


def _counts(conn: Connection, bucket: str, minute: int) -> tuple[int, int]:
    rows = conn.execute(
        select(table.c.minute, table.c.hits).where(
            table.c.bucket == bucket, table.c.minute.in_((minute - 1, minute))
        )
    ).all()
    found = {row.minute: row.hits for row in rows}
    return found.get(minute - 1, 0), found.get(minute, 0)
