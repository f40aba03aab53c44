"""Pending work: what a process has started and not yet finished (storage/schema.py,
`pending_work`). A row is written before the work changes anything and removed when the
store and the search index agree again; while the work runs, its process beats (refreshes
`heartbeat_at`). A row whose heartbeat stopped belongs to a process that died, and the next
process to look claims it and finishes the work (services.Services.recover)."""

from __future__ import annotations

import os
import socket
import threading
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Engine, delete, func, insert, select, update

from storage import schema

BEAT_S = 2.0  # how often a working process says it is alive
STALE_S = 15.0  # a row not beaten for this long was left by a process that stopped


def owner() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


@contextmanager
def heartbeat(beat: Callable[[], None], every_s: float = BEAT_S) -> Iterator[None]:
    """Call `beat` every `every_s` on a thread of its own while the block runs: how a
    working process (tracked work, a job) says it is alive."""
    stop = threading.Event()

    def run() -> None:
        while not stop.wait(every_s):
            try:
                beat()
            except Exception:  # a busy store: the next beat will do
                continue

    thread = threading.Thread(target=run, name="heartbeat", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(timeout=10)


def process_gone(owner_: str) -> bool:
    """Whether `owner_` (host:pid) is a process of this machine that no longer runs."""
    host, _, pid = owner_.rpartition(":")
    if host != socket.gethostname() or not pid.isdigit() or int(pid) == os.getpid():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False  # it runs, as another user
    return False


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


@dataclass(frozen=True)
class Pending:
    id: int
    kind: str
    detail: dict[str, Any]
    owner: str


class PendingRepository:
    def __init__(self, engine: Engine):
        self.engine = engine

    def begin(self, kind: str, detail: dict[str, Any]) -> int:
        now = _now()
        with self.engine.begin() as conn:
            row = conn.execute(
                insert(schema.pending_work)
                .values(kind=kind, detail=detail, owner=owner(), started_at=now, heartbeat_at=now)
                .returning(schema.pending_work.c.id)
            )
            return int(row.scalar_one())

    def beat(self, work_id: int) -> None:
        with self.engine.begin() as conn:
            conn.execute(
                update(schema.pending_work)
                .where(schema.pending_work.c.id == work_id)
                .values(heartbeat_at=_now())
            )

    def done(self, work_id: int) -> None:
        with self.engine.begin() as conn:
            conn.execute(delete(schema.pending_work).where(schema.pending_work.c.id == work_id))

    def count(self) -> int:
        with self.engine.connect() as conn:
            return int(conn.scalar(select(func.count()).select_from(schema.pending_work)) or 0)

    def abandoned(self, stale_s: float = STALE_S) -> list[Pending]:
        """Work whose process is gone: on this machine, its process no longer runs; on
        another, it stopped beating (killed, crashed, or the machine is gone)."""
        table = schema.pending_work
        cutoff = _now() - timedelta(seconds=stale_s)
        with self.engine.connect() as conn:
            rows = conn.execute(select(table).order_by(table.c.id)).all()
        return [
            Pending(r.id, r.kind, dict(r.detail), r.owner)
            for r in rows
            if r.heartbeat_at < cutoff or process_gone(r.owner)
        ]

    def claim(self, work: Pending) -> bool:
        """Take over abandoned work; of several processes trying at once, one wins."""
        table = schema.pending_work
        with self.engine.begin() as conn:
            taken = conn.execute(
                update(table)
                .where(table.c.id == work.id, table.c.owner == work.owner)
                .values(owner=owner(), heartbeat_at=_now())
            )
        return taken.rowcount == 1

    def beating(self, work_id: int) -> AbstractContextManager[None]:
        """Beat for `work_id` in the background while the block runs."""
        return heartbeat(lambda: self.beat(work_id))

    @contextmanager
    def tracked(self, kind: str, detail: dict[str, Any]) -> Iterator[int]:
        """Work written down first and crossed out last: a failure leaves the row (its
        heartbeat stops), so the work is finished later; success removes it."""
        work_id = self.begin(kind, detail)
        with self.beating(work_id):
            yield work_id
        self.done(work_id)
