"""Jobs on PostgreSQL go through procrastinate's queue: two `talent serve` processes on one
database (and one Chroma server), a large framework upload to one of them, and the job is
seen from both and runs once. A server killed while running a job leaves it to the other,
which runs it again once that worker's heartbeat has stopped."""

from __future__ import annotations

import json
import os
import shutil
import signal
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import psycopg
import pytest
from sqlalchemy.engine import make_url

from tests.support.organisations import FIXTURES, MINI
from tests.support.servers import (
    ServerProcess,
    auth,
    run_talent,
    start_chroma_server,
    start_talent,
)

pytestmark = pytest.mark.slow
STALLED_S = 3


def _talent(env: dict[str, str], *argv: str) -> str:
    done = run_talent(env, *argv)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


@pytest.fixture
def env(tmp_path: Path, postgres_url: str) -> Iterator[dict[str, str]]:
    chroma = start_chroma_server(tmp_path / "chroma", tmp_path / "logs")
    environment = {
        **os.environ,
        "TALENT_HOME": str(tmp_path / "home"),
        "TALENT_DATABASE_URL": postgres_url,
        "TALENT_CHROMA_URL": chroma.url,
        "TALENT_EMBEDDER": "hash",
        "TALENT_JOB_THRESHOLD_BYTES": "1024",
        "TALENT_JOB_STALLED_AFTER_S": str(STALLED_S),
    }
    folder = tmp_path / "org"
    shutil.copytree(MINI, folder)
    _talent(environment, "load", str(folder))
    environment["KEY"] = json.loads(
        _talent(environment, "keys", "create", "--role", "hr", "--json")
    )["key"]
    try:
        yield environment
    finally:
        chroma.stop()


def _upload(server: ServerProcess, key: str) -> httpx.Response:
    files = [("files", (p.name, p.read_bytes())) for p in sorted((FIXTURES / "esco").iterdir())]
    return httpx.post(server.url + "/v1/frameworks", headers=auth(key), files=files, timeout=60)


def _job(server: ServerProcess, key: str, job_id: str) -> dict[str, Any]:
    return dict(httpx.get(f"{server.url}/v1/jobs/{job_id}", headers=auth(key), timeout=10).json())


def _until_done(server: ServerProcess, key: str, job_id: str, within: float = 90) -> dict[str, Any]:
    deadline = time.monotonic() + within
    while (job := _job(server, key, job_id))["state"] not in ("succeeded", "failed"):
        assert time.monotonic() < deadline, job
        time.sleep(0.2)
    return job


def _procrastinate_runs(url: str, job_id: str) -> list[tuple[str, int]]:
    """(status, attempts) of procrastinate's jobs for this one of ours."""
    conninfo = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(conninfo) as conn:
        rows = conn.execute(
            "SELECT status::text, attempts FROM procrastinate_jobs "
            "WHERE task_name = 'talent.run_job' AND args->>'job_id' = %s",
            (job_id,),
        ).fetchall()
    return [(str(r[0]), int(r[1])) for r in rows]


def test_a_job_is_seen_from_every_server_and_runs_once(env: dict[str, str], tmp_path: Path) -> None:
    servers = [start_talent(name, env, tmp_path / "logs") for name in ("server-a", "server-b")]
    try:
        accepted = _upload(servers[0], env["KEY"])
        assert accepted.status_code == 202, accepted.text
        job_id = accepted.json()["job_id"]
        assert _job(servers[1], env["KEY"], job_id)["job_id"] == job_id  # seen from B at once
        done = _until_done(servers[1], env["KEY"], job_id)
        assert done["state"] == "succeeded" and done["attempts"] == 1, done
        assert _job(servers[0], env["KEY"], job_id) == done
        assert _procrastinate_runs(env["TALENT_DATABASE_URL"], job_id) == [("succeeded", 1)]
    finally:
        for server in servers:
            server.stop()


def test_a_job_whose_worker_was_killed_is_run_again_by_another(
    env: dict[str, str], tmp_path: Path
) -> None:
    crashing = start_talent(
        "crashing", {**env, "TALENT_CRASH_AT": json.dumps(["ingest.stored"])}, tmp_path / "logs"
    )
    accepted = _upload(crashing, env["KEY"])
    assert accepted.status_code == 202, accepted.text
    job_id = accepted.json()["job_id"]
    crashing.process.wait(timeout=60)
    assert crashing.process.returncode == -signal.SIGKILL
    survivor = start_talent("survivor", env, tmp_path / "logs")
    try:
        done = _until_done(survivor, env["KEY"], job_id)
        assert done["state"] == "succeeded" and done["attempts"] == 2, done
        skills = httpx.get(
            survivor.url + "/v1/skills?limit=1000", headers=auth(env["KEY"]), timeout=10
        ).json()["skills"]
        assert any(s["skill_id"].startswith("esco:") for s in skills)
    finally:
        survivor.stop()
