"""Long work as background jobs: a framework upload past `TALENT_JOB_THRESHOLD_BYTES` is
answered 202 with a job (storage/jobs.py) and run here, one at a time per kind.

Two queues, one seam (`JobQueue`), chosen by `TALENT_JOB_QUEUE`:
- `LocalQueue` (the embedded default): a thread in each serving process takes the oldest
  waiting job whose kind has none running — one statement decides, so of several workers on
  one SQLite file one wins — and a job whose process died goes back in line.
- `ProcrastinateQueue` (PostgreSQL): procrastinate's Postgres-backed queue, so any worker of
  any server may take a job; each runs once, its lock keeps one job of a kind running at a
  time across all of them, and a job whose worker stopped beating is retried.
Either way `JobRunner` does the work: the uploaded files from the store, the ingest with its
progress written back to the job, then the result or the errors. An ingest is idempotent,
so a job run again after a crash ends as if it had run once.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import tempfile
import threading
from pathlib import Path
from typing import Any, Protocol

from core.errors import UserError
from core.faults import crash_point
from core.settings import Settings
from ingest.service import Ingestor, IngestReport
from storage.jobs import JobRepository
from storage.pending import heartbeat

log = logging.getLogger(__name__)
TASK = "talent.run_job"


class JobQueue(Protocol):
    def submit(self, job_id: str, kind: str) -> None:
        """Hand a created (queued) job to the workers."""

    def start(self) -> None: ...

    def stop(self) -> None: ...


def ingest_summary(report: IngestReport) -> dict[str, Any]:
    """What an upload answers, synchronously (201) or as a job's result."""
    if report.format in ("document", "documents"):
        return {
            "documents": report.documents,
            "inferred_requirements": report.inferred,
            "index": vars(report.index) if report.index else None,
        }
    return {
        "format": report.format,
        "counts": {k: vars(c) for k, c in report.load.counts.items()} if report.load else {},
        "warnings": [*(report.load.warnings if report.load else []), *report.warnings],
        "inferred_requirements": report.inferred,
        "index": vars(report.index) if report.index else None,
    }


class JobRunner:
    """Runs one job: its files into a folder of its own, the ingest, its outcome."""

    def __init__(self, jobs: JobRepository, ingestor: Ingestor):
        self.jobs = jobs
        self.ingestor = ingestor

    def run(self, job_id: str) -> None:
        job = self.jobs.get(job_id)
        with heartbeat(lambda: self.jobs.beat(job_id)):
            with tempfile.TemporaryDirectory(prefix="talent-job-") as folder:
                for name, content in self.jobs.files(job_id):
                    (Path(folder) / name).write_bytes(content)
                crash_point("job.running")
                request = job["request"]
                document = request.get("format") == "document"
                try:
                    report = self.ingestor.ingest(
                        Path(folder),
                        str(request.get("format", "auto")),
                        str(request.get("kind", "auto")),
                        request.get("entity_id"),
                        progress=lambda stage, done, total: self.jobs.progress(
                            job_id, stage, done, total
                        ),
                        # an upload goes where the uploader said, never where the file says
                        front_matter_decides=not document,
                    )
                except UserError as exc:
                    message = str(exc).replace(folder + "/", "").replace(folder, "the upload")
                    self.jobs.finish(job_id, None, [message])
                    return
                except Exception:
                    log.exception("job failed", extra={"job_id": job_id})
                    self.jobs.finish(job_id, None, ["an unexpected error; it was logged"])
                    return
            self.jobs.finish(job_id, ingest_summary(report))


class LocalQueue:
    """The serving process runs jobs on a thread of its own (the embedded default)."""

    def __init__(self, jobs: JobRepository, runner: JobRunner, stalled_after_s: float):
        self.jobs = jobs
        self.runner = runner
        self.stalled_after_s = stalled_after_s
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def submit(self, job_id: str, kind: str) -> None:
        self._wake.set()

    def start(self) -> None:
        self._thread = threading.Thread(target=self._loop, name="jobs", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout=30)

    def _loop(self) -> None:
        while not self._stop.is_set():
            try:
                self._run_waiting()
            except Exception:  # the store is busy or gone: try again on the next round
                log.exception("the job queue could not take work")
            self._wake.wait(timeout=1.0)
            self._wake.clear()

    def _run_waiting(self) -> None:
        for job_id in self.jobs.orphaned(self.stalled_after_s):
            log.warning("a job's worker stopped; it goes back in line", extra={"job": job_id})
            self.jobs.requeue(job_id)
        for job_id, _kind in self.jobs.queued():
            if self._stop.is_set():
                return
            if self.jobs.start(job_id):
                self.runner.run(job_id)


class ProcrastinateQueue:
    """procrastinate on the store's PostgreSQL: a worker thread in each serving process."""

    def __init__(self, settings: Settings, runner: JobRunner):
        import procrastinate

        self.runner = runner
        self.stalled_after_s = settings.job_stalled_after_s
        self.conninfo = _conninfo(settings.resolved_database_url)

        class Connector(procrastinate.PsycopgConnector):
            """The worker's async pool lives on its own thread's loop; request threads
            that defer get a sync pool of their own (one connector shared by both fails)."""

            def __init__(self, **kwargs: Any):
                super().__init__(**kwargs)
                self._sync = procrastinate.SyncPsycopgConnector(**kwargs)

            def get_sync_connector(self) -> Any:
                return self._sync

        self.app = procrastinate.App(
            connector=Connector(conninfo=self.conninfo, min_size=1, max_size=4)
        )

        @self.app.task(name=TASK, queue="talent-jobs", pass_context=True)
        def run_job(context: Any, job_id: str) -> None:
            self.runner.jobs.start(job_id, one_per_kind=False)  # the lock decided already
            self.runner.run(job_id)

        stalled = self.stalled_after_s

        # A worker that stops beating (killed, its machine gone) leaves its job "doing";
        # procrastinate does not retry those by itself: any worker does, every few seconds.
        @self.app.periodic(cron=f"* * * * * */{max(1, int(stalled // 3))}")
        @self.app.task(
            name="talent.retry_stalled",
            queue="talent-maintenance",
            queueing_lock="talent.retry_stalled",
            pass_context=True,
        )
        async def retry_stalled(context: Any, timestamp: int) -> None:
            manager = context.app.job_manager
            for job in await manager.get_stalled_jobs(seconds_since_heartbeat=stalled):
                await manager.retry_job(job)

        self.run_job = run_job
        self._loop: asyncio.AbstractEventLoop | None = None
        self._task: asyncio.Task[Any] | None = None
        self._thread: threading.Thread | None = None
        self._started = threading.Event()

    def submit(self, job_id: str, kind: str) -> None:
        self.run_job.configure(lock=f"talent-job:{kind}").defer(job_id=job_id)

    def start(self) -> None:
        self._ensure_schema()
        self.app.open()
        self._thread = threading.Thread(target=self._work, name="procrastinate", daemon=True)
        self._thread.start()
        self._started.wait(timeout=30)

    def stop(self) -> None:
        if self._loop is not None and self._task is not None:
            self._loop.call_soon_threadsafe(self._task.cancel)
        if self._thread is not None:
            self._thread.join(timeout=60)
        self.app.close()

    def _work(self) -> None:
        asyncio.run(self._worker())

    async def _worker(self) -> None:
        self._loop = asyncio.get_running_loop()
        async with self.app.open_async():
            self._task = asyncio.create_task(
                self.app.run_worker_async(
                    install_signal_handlers=False,
                    update_heartbeat_interval=max(0.5, self.stalled_after_s / 5),
                    stalled_worker_timeout=self.stalled_after_s,
                    fetch_job_polling_interval=1.0,
                    queues=["talent-jobs", "talent-maintenance"],
                )
            )
            self._started.set()
            with contextlib.suppress(asyncio.CancelledError):  # stopping
                await self._task

    def _ensure_schema(self) -> None:
        """procrastinate's tables, once, whichever server starts first (its SQL is not
        idempotent: an advisory lock and a check make it so)."""
        import procrastinate
        import psycopg

        with psycopg.connect(self.conninfo, autocommit=True) as conn:
            conn.execute("SELECT pg_advisory_lock(hashtext('talent procrastinate schema'))")
            try:
                exists = conn.execute("SELECT to_regclass('procrastinate_jobs')").fetchone()
                if exists is None or exists[0] is None:
                    with conn.transaction():
                        conn.execute(procrastinate.schema.SchemaManager.get_schema())
            finally:
                conn.execute("SELECT pg_advisory_unlock(hashtext('talent procrastinate schema'))")


def _conninfo(url: str) -> str:
    """A psycopg connection string from the store's SQLAlchemy URL."""
    from sqlalchemy.engine import make_url

    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def job_queue(settings: Settings, runner: JobRunner) -> JobQueue:
    """The queue `TALENT_JOB_QUEUE` names; "auto": procrastinate on PostgreSQL, else local."""
    choice = settings.job_queue
    if choice == "auto":
        on_postgres = settings.resolved_database_url.startswith("postgresql")
        choice = "procrastinate" if on_postgres else "local"
    if choice == "procrastinate":
        return ProcrastinateQueue(settings, runner)
    return LocalQueue(runner.jobs, runner, settings.job_stalled_after_s)
