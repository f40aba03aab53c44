"""Background jobs (storage/schema.py, `jobs` and `job_files`): long work a request hands
over — a framework upload past a size — with its state and progress for GET /v1/jobs/{id}.
Which process runs a job is the queue's business (services/jobs.py); this keeps the record:
queued → running → succeeded or failed, the stage and counts while it runs, a heartbeat, and
the uploaded files until it ends (they are deleted then: a profile is personal data)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Engine, and_, delete, exists, insert, select, update
from sqlalchemy.orm import aliased

from core.errors import NotFoundError
from domain.erasure import Identity
from storage import schema
from storage.pending import owner, process_gone

JOB_STATES = ("queued", "running", "succeeded", "failed")


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None, microsecond=0)


def _public(row: Any) -> dict[str, Any]:
    total = row.total or 0
    return {
        "job_id": row.job_id,
        "kind": row.kind,
        "state": row.state,
        "stage": row.stage,
        "done": row.done,
        "total": total,
        "progress": round(min(row.done / total, 1.0), 4) if total else None,
        "request": dict(row.request),
        "result": row.result,
        "errors": list(row.errors or []),
        "created_by": row.created_by,
        "created_at": row.created_at.isoformat(),
        "started_at": row.started_at.isoformat() if row.started_at else None,
        "finished_at": row.finished_at.isoformat() if row.finished_at else None,
        "attempts": row.attempts,
    }


class JobRepository:
    def __init__(self, engine: Engine):
        self.engine = engine

    def create(
        self,
        kind: str,
        request: dict[str, Any],
        files: list[tuple[str, bytes]],
        created_by: str,
    ) -> dict[str, Any]:
        job_id = f"JOB-{uuid.uuid4().hex[:12]}"
        with self.engine.begin() as conn:
            conn.execute(
                insert(schema.jobs).values(
                    job_id=job_id,
                    kind=kind,
                    state="queued",
                    stage="waiting for its turn",
                    done=0,
                    total=0,
                    request=request,
                    result=None,
                    errors=[],
                    created_by=created_by,
                    created_at=_now(),
                    owner="",
                    attempts=0,
                )
            )
            if files:
                conn.execute(
                    insert(schema.job_files),
                    [{"job_id": job_id, "name": n, "content": c} for n, c in files],
                )
        return self.get(job_id)

    def get(self, job_id: str) -> dict[str, Any]:
        with self.engine.connect() as conn:
            row = conn.execute(select(schema.jobs).where(schema.jobs.c.job_id == job_id)).first()
        if row is None:
            raise NotFoundError(f"no job '{job_id}'")
        return _public(row)

    def recent(self, limit: int = 50) -> list[dict[str, Any]]:
        query = select(schema.jobs).order_by(schema.jobs.c.created_at.desc()).limit(limit)
        with self.engine.connect() as conn:
            return [_public(r) for r in conn.execute(query)]

    def files(self, job_id: str) -> list[tuple[str, bytes]]:
        table = schema.job_files
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(table.c.name, table.c.content).where(table.c.job_id == job_id)
            )
            return [(r.name, bytes(r.content)) for r in rows]

    def queued(self) -> list[tuple[str, str]]:
        """(job id, kind) of the jobs waiting, oldest first."""
        table = schema.jobs
        query = (
            select(table.c.job_id, table.c.kind)
            .where(table.c.state == "queued")
            .order_by(table.c.created_at, table.c.job_id)
        )
        with self.engine.connect() as conn:
            return [(r.job_id, r.kind) for r in conn.execute(query)]

    def start(self, job_id: str, one_per_kind: bool = True) -> bool:
        """Mark a queued job running as this process's. With `one_per_kind`, only while no
        other job of its kind runs: one statement, so of several processes one wins (the
        embedded default; on PostgreSQL the queue's lock decides and this is not asked)."""
        table = schema.jobs
        other = aliased(table)
        condition = [table.c.job_id == job_id]
        if one_per_kind:
            condition += [
                table.c.state == "queued",
                ~exists().where(and_(other.c.kind == table.c.kind, other.c.state == "running")),
            ]
        now = _now()
        with self.engine.begin() as conn:
            started = conn.execute(
                update(table)
                .where(*condition)
                .values(
                    state="running",
                    owner=owner(),
                    started_at=now,
                    heartbeat_at=now,
                    finished_at=None,
                    attempts=table.c.attempts + 1,
                    stage="starting",
                    errors=[],
                )
            )
        return started.rowcount == 1

    def progress(self, job_id: str, stage: str, done: int, total: int) -> None:
        with self.engine.begin() as conn:
            conn.execute(
                update(schema.jobs)
                .where(schema.jobs.c.job_id == job_id)
                .values(stage=stage[:200], done=done, total=total, heartbeat_at=_now())
            )

    def beat(self, job_id: str) -> None:
        with self.engine.begin() as conn:
            conn.execute(
                update(schema.jobs)
                .where(schema.jobs.c.job_id == job_id)
                .values(heartbeat_at=_now())
            )

    def finish(
        self, job_id: str, result: dict[str, Any] | None, errors: list[str] | None = None
    ) -> None:
        """Succeeded (`result`) or failed (`errors`); the files go either way."""
        with self.engine.begin() as conn:
            conn.execute(
                update(schema.jobs)
                .where(schema.jobs.c.job_id == job_id)
                .values(
                    state="failed" if errors else "succeeded",
                    stage="failed" if errors else "done",
                    result=result,
                    errors=errors or [],
                    finished_at=_now(),
                )
            )
            conn.execute(delete(schema.job_files).where(schema.job_files.c.job_id == job_id))

    def orphaned(self, stale_s: float) -> list[str]:
        """Running jobs whose process is gone (dead here, or silent for `stale_s`)."""
        table = schema.jobs
        cutoff = _now() - timedelta(seconds=stale_s)
        query = select(table.c.job_id, table.c.owner, table.c.heartbeat_at).where(
            table.c.state == "running"
        )
        with self.engine.connect() as conn:
            rows = conn.execute(query).all()
        return [
            r.job_id
            for r in rows
            if r.heartbeat_at is None or r.heartbeat_at < cutoff or process_gone(r.owner)
        ]

    def forget_employee(self, conn: Any, person: Identity) -> None:
        """Within the caller's transaction (erasure): a job about them (their profile's
        upload) loses its files, and no job's request, result or errors names them."""
        table = schema.jobs
        for job in conn.execute(select(table)).mappings().all():
            fields = {k: job[k] for k in ("request", "result", "errors")}
            if not person.mentioned_in(fields):
                continue
            conn.execute(delete(schema.job_files).where(schema.job_files.c.job_id == job["job_id"]))
            conn.execute(
                update(table)
                .where(table.c.job_id == job["job_id"])
                .values(**person.redact_all(fields))
            )

    def requeue(self, job_id: str) -> None:
        """A job whose process died goes back in line (its work is idempotent)."""
        with self.engine.begin() as conn:
            conn.execute(
                update(schema.jobs)
                .where(schema.jobs.c.job_id == job_id, schema.jobs.c.state == "running")
                .values(state="queued", stage="waiting again: its worker stopped", owner="")
            )
