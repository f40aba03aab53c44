"""Opening the store's database: SQLAlchemy engines with SQLite's settings (WAL, secure
delete, foreign keys, a busy timeout) and one write transaction at a time per process."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event


class opened:
    """Use the caller's connection when given, else open (and close) one."""

    def __init__(self, engine: Engine, conn: Connection | None):
        self.engine, self.conn, self.owned = engine, conn, conn is None

    def __enter__(self) -> Connection:
        if self.conn is None:
            self.conn = self.engine.connect()
        return self.conn

    def __exit__(self, *exc: object) -> None:
        if self.owned and self.conn is not None:
            self.conn.close()


def open_engine(url: str, busy_timeout_ms: int) -> Engine:
    if not url.startswith("sqlite"):
        return create_engine(url)
    # pysqlite's timeout is SQLite's busy timeout: wait for another writer, then fail.
    # SQLite connections are cheap and a serving process has up to 40 request threads: a
    # pool that makes them wait for a connection would queue reads behind each other.
    engine = create_engine(
        url, connect_args={"timeout": busy_timeout_ms / 1000}, pool_size=16, max_overflow=32
    )
    event.listen(engine, "connect", _sqlite_pragmas)
    _serialise_writes(engine)
    return engine


# One write lock per SQLite database per process, shared by every engine on it.
_WRITE_LOCKS: dict[str, threading.RLock] = {}
_WRITE_LOCKS_GUARD = threading.Lock()


def _serialise_writes(engine: Engine) -> None:
    """One write transaction at a time per process, queued on a lock. SQLite admits one
    writer; a second one waits in SQLite's busy handler, which sleeps 1, 2, 5 … 100 ms
    between tries, so under concurrent requests (an audit row, a rate-limit count and a
    conversation each write) the waits, not the work, made the tail: p95 243 ms at 16
    clients. Writers from other processes (the CLI, other workers) still meet the busy
    timeout. Every write in the store goes through `engine.begin()`; reads use
    `engine.connect()` and, in WAL mode, never wait for a writer."""
    with _WRITE_LOCKS_GUARD:
        lock = _WRITE_LOCKS.setdefault(str(engine.url), threading.RLock())
    begin = engine.begin

    @contextmanager
    def serialised_begin() -> Iterator[Connection]:
        with lock, begin() as conn:
            yield conn

    engine.begin = serialised_begin  # type: ignore[method-assign]


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    # Deleted content is overwritten with zeros, not left in free pages.
    cursor.execute("PRAGMA secure_delete=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()
