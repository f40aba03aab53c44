"""A process killed in the middle of an upload or an ingest leaves the store and the search
index out of step only until the next start: its work was written down first
(storage/pending.py), and the next `talent serve` finishes it. The red-team case: 4 of 4 kills
mid-upload left a role stored without its inferred requirements and its index chunks, and
/readyz said `index_stale: false`.

Each case kills the real process (SIGKILL, at a named crash point, core/faults.py) at one of
ten points, starts the server again, waits for /readyz to say nothing is pending, and then
compares the store with the index: the same chunks, with the same content."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from core.settings import Settings
from retrieval.chunking import org_chunks
from services import Services
from tests.support.organisations import FIXTURES, MINI
from tests.support.servers import ServerProcess, auth, free_port, run_talent, start_talent

pytestmark = pytest.mark.slow

POINTS = (
    "upload.received",
    "ingest.read",
    "ingest.marked",
    "ingest.stored",
    "ingest.inferred_one",
    "ingest.inferred",
    "index.deleted",
    "index.batch",
    "index.synced",
    "ingest.indexed",
    "ingest.done",
)
BEFORE_STORING = ("upload.received", "ingest.read", "ingest.marked")
JD = b"""# Feature Store Engineer

## Must have
- Solid experience with machine learning in Python
- Spark pipelines at scale
"""


@pytest.fixture(scope="module")
def loaded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The mini organisation loaded and indexed, as a folder to copy for each case."""
    home = tmp_path_factory.mktemp("loaded") / "home"
    done = _talent(home, "load", str(MINI))
    assert done.returncode == 0, done.stderr
    return home


def _env(home: Path, crash_at: str | None = None) -> dict[str, str]:
    env = {**os.environ, "TALENT_HOME": str(home), "TALENT_EMBEDDER": "hash"}
    env.pop("TALENT_DATABASE_URL", None)
    env.pop("TALENT_CHROMA_URL", None)
    if crash_at:
        env["TALENT_CRASH_AT"] = json.dumps([crash_at])
    return env


def _talent(
    home: Path, *args: str, crash_at: str | None = None
) -> subprocess.CompletedProcess[str]:
    return run_talent(_env(home, crash_at), *args)


@pytest.fixture
def home(loaded: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "home"
    shutil.copytree(loaded, copy)
    return copy


def _killed(process: subprocess.Popen[bytes] | subprocess.CompletedProcess[str]) -> None:
    if isinstance(process, subprocess.Popen):
        process.wait(timeout=60)
    assert process.returncode == -signal.SIGKILL, f"not killed: exit {process.returncode}"


def _recovered(home: Path, tmp_path: Path) -> None:
    """Start the server again; wait until nothing is pending; stop it."""
    server = start_talent("restarted", _env(home), tmp_path / "logs")
    try:
        deadline = time.monotonic() + 60
        while True:
            ready = httpx.get(server.url + "/readyz", timeout=10).json()
            if ready["pending_work"] == 0 and not ready["index_stale"]:
                break
            assert time.monotonic() < deadline, f"still pending after 60 s: {ready}"
            time.sleep(0.2)
    finally:
        server.stop()


def _agree(home: Path) -> Services:
    """The store and the index hold the same things: every chunk the store's records make
    is in the index with the same content, and nothing else is."""
    services = Services.from_settings(Settings(home=home, embedder="hash"))
    knowledge = services.knowledge
    store = services.store
    wanted = {
        c.chunk_id: c.content_hash
        for c in org_chunks(knowledge.org(), store.job_descriptions(), store.profiles())
    }
    stored = {c.chunk_id: c.metadata.get("content_hash") for c in knowledge.vectors.all()}
    assert stored == wanted
    assert store.pending.count() == 0
    return services


def _upload(server: ServerProcess, key: str) -> None:
    with contextlib.suppress(httpx.HTTPError):  # the server dies answering: the point
        httpx.post(
            server.url + "/v1/documents",
            headers=auth(key),
            data={"kind": "job_description", "entity_id": "feature-store-engineer"},
            files={"file": ("feature-store-engineer.md", JD)},
            timeout=60,
        )


@pytest.mark.parametrize("point", POINTS)
def test_an_upload_killed_at_any_point_is_finished_by_the_next_start(
    home: Path, tmp_path: Path, point: str
) -> None:
    key = json.loads(_talent(home, "keys", "create", "--role", "hr", "--json").stdout)["key"]
    server = start_talent("crashing", _env(home, point), tmp_path / "logs")
    _upload(server, key)
    _killed(server.process)
    _recovered(home, tmp_path)
    services = _agree(home)
    role = next((r for r in services.store.roles() if r.role_id == "feature-store-engineer"), None)
    if point in BEFORE_STORING:
        assert role is None  # killed before anything was stored: nothing was
        return
    assert role is not None and role.requirements, "the role has its requirements"
    hits = services.knowledge.search("feature store engineer", doc_types=["role"])
    assert "feature-store-engineer" in {h.id for h in hits}


@pytest.mark.parametrize("point", [p for p in POINTS if not p.startswith("upload.")])
def test_an_ingest_killed_at_any_point_is_finished_by_the_next_start(
    home: Path, tmp_path: Path, point: str
) -> None:
    killed = _talent(home, "ingest", str(FIXTURES / "esco"), crash_at=point)
    _killed(killed)
    _recovered(home, tmp_path)
    services = _agree(home)
    skills = {s.skill_id for s in services.store.skills()}
    if point in BEFORE_STORING:
        assert not any(s.startswith("esco:") for s in skills)
        return
    assert any(s.startswith("esco:") for s in skills)
    inferred = {r.role_id: r.requirements for r in services.store.roles()}
    assert inferred["ml-engineer"], "the job description waiting for requirements has them"


def test_readyz_says_work_is_pending_until_it_is_finished(home: Path, tmp_path: Path) -> None:
    _killed(_talent(home, "ingest", str(FIXTURES / "esco"), crash_at="ingest.stored"))
    port = free_port()
    env = {**_env(home), "TALENT_WARM_ON_START": "false"}
    process = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "api.main:create_app", "--factory"]
        + ["--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"],
        env=env,
    )
    try:
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        first = None
        while first is None:
            try:
                first = httpx.get(url + "/readyz", timeout=10).json()
            except httpx.HTTPError:
                assert time.monotonic() < deadline
                time.sleep(0.2)
        assert first["pending_work"] == 1 and first["index_stale"] is True
        while httpx.get(url + "/readyz", timeout=10).json()["pending_work"]:
            assert time.monotonic() < deadline, "the probe did not finish the work"
            time.sleep(0.2)
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_a_job_whose_server_was_killed_runs_again_after_a_restart(
    home: Path, tmp_path: Path
) -> None:
    """The embedded default: a framework job runs in the serving process; killed there, it
    is taken up again by the next start and ends as if it had run once."""
    key = json.loads(_talent(home, "keys", "create", "--role", "hr", "--json").stdout)["key"]
    env = {**_env(home, "ingest.stored"), "TALENT_JOB_THRESHOLD_BYTES": "1024"}
    server = start_talent("crashing", env, tmp_path / "logs")
    files = [("files", (p.name, p.read_bytes())) for p in sorted((FIXTURES / "esco").iterdir())]
    with contextlib.suppress(httpx.HTTPError):  # the worker may die before it answers
        accepted = httpx.post(
            server.url + "/v1/frameworks", headers=auth(key), files=files, timeout=60
        )
        assert accepted.status_code == 202, accepted.text
    _killed(server.process)
    restarted = start_talent(
        "restarted", {**_env(home), "TALENT_JOB_THRESHOLD_BYTES": "1024"}, tmp_path / "logs"
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            jobs = httpx.get(restarted.url + "/v1/jobs", headers=auth(key), timeout=10).json()
            job = jobs["jobs"][0]
            if job["state"] in ("succeeded", "failed"):
                break
            assert time.monotonic() < deadline, job
            time.sleep(0.2)
    finally:
        restarted.stop()
    assert job["state"] == "succeeded" and job["attempts"] == 2, job
    _recovered(home, tmp_path)
    services = _agree(home)
    assert any(s.skill_id.startswith("esco:") for s in services.store.skills())
