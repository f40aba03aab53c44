"""A running server follows changes made to the index by other processes: `talent ingest`
from the CLI while it serves, and uploads to one of several workers. Real processes, the
embedded Chroma they share, the store's index version between them."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from core.settings import Settings
from ingest.native_folder import load_folder
from services import Services
from tests.support.organisations import SAMPLE, SAMPLE_AS_OF
from tests.support.servers import ServerProcess, auth, free_port, start_server

pytestmark = pytest.mark.slow

JD = """---
role_id: data-engineer
---
# Data Engineer

## What you will do
Run the zeppelin telemetry pipelines of our airship fleet.
"""


@dataclass
class Running:
    home: Path
    env: dict[str, str]
    server: ServerProcess
    key: str

    def search(self, q: str) -> list[str]:
        r = httpx.get(
            f"{self.server.url}/v1/search", params={"q": q, "top": 3}, headers=auth(self.key)
        )
        assert r.status_code == 200, r.text
        return [hit["snippet"] for hit in r.json()["results"]]


def _serve(tmp_path: Path, workers: int) -> Iterator[Running]:
    home = tmp_path / "home"
    services = Services.from_settings(Settings(home=home, embedder="hash", as_of=SAMPLE_AS_OF))
    load_folder(services.store, SAMPLE)
    services.knowledge.reindex()
    key = services.store.keys.create("hr", name="reload-test")["key"]
    services.close()
    env = {
        **os.environ,
        "TALENT_HOME": str(home),
        "TALENT_EMBEDDER": "hash",
        "TALENT_AS_OF": SAMPLE_AS_OF,
        "HF_HUB_OFFLINE": "1",
    }
    port = free_port()
    server = start_server(
        "talent serve",
        [sys.executable, "-m", "cli.main", "serve", "--host", "127.0.0.1", "--port", str(port)]
        + ["--workers", str(workers)],
        f"http://127.0.0.1:{port}",
        "/healthz",
        tmp_path / "logs",
        env=env,
    )
    try:
        yield Running(home, env, server, key)
    finally:
        server.stop()


@pytest.fixture
def one_worker(tmp_path: Path) -> Iterator[Running]:
    yield from _serve(tmp_path, 1)


@pytest.fixture
def two_workers(tmp_path: Path) -> Iterator[Running]:
    yield from _serve(tmp_path, 2)


def test_a_cli_ingest_is_found_by_the_running_server(one_worker: Running, tmp_path: Path) -> None:
    assert not any("zeppelin" in s for s in one_worker.search("zeppelin telemetry airship"))
    jd = tmp_path / "data-engineer.md"
    jd.write_text(JD)
    done = subprocess.run(
        [sys.executable, "-m", "cli.main", "ingest", str(jd)],
        env=one_worker.env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    # The next search sees it: the server notices the index version moved on.
    assert any("zeppelin" in s for s in one_worker.search("zeppelin telemetry airship"))
    ready = httpx.get(f"{one_worker.server.url}/readyz").json()
    assert ready["index_stale"] is False


def test_an_upload_to_one_worker_is_found_by_every_worker(two_workers: Running) -> None:
    for _ in range(6):  # warm both workers' snapshots
        assert not any("zeppelin" in s for s in two_workers.search("zeppelin airship"))
    uploaded = httpx.post(
        f"{two_workers.server.url}/v1/documents",
        headers=auth(two_workers.key),
        files={"file": ("de.md", JD.encode(), "text/markdown")},
        data={"kind": "job_description", "entity_id": "data-engineer"},
        timeout=120,
    )
    assert uploaded.status_code == 201, uploaded.text
    found = [
        any("zeppelin" in s for s in two_workers.search("zeppelin airship")) for _ in range(12)
    ]
    assert all(found), found


def test_readyz_reports_a_stale_index_until_reloaded(one_worker: Running, tmp_path: Path) -> None:
    """Nobody searches after the CLI changed the index: the probe says stale, starts the
    reload, and says ready again soon after."""
    one_worker.search("spark")  # the server holds a snapshot
    jd = tmp_path / "data-engineer.md"
    jd.write_text(JD)
    subprocess.run(
        [sys.executable, "-m", "cli.main", "ingest", str(jd)],
        env=one_worker.env,
        check=True,
        capture_output=True,
        timeout=300,
    )
    first = httpx.get(f"{one_worker.server.url}/readyz").json()
    assert first["index_stale"] is True
    deadline = time.monotonic() + 20
    while httpx.get(f"{one_worker.server.url}/readyz").json()["index_stale"]:
        assert time.monotonic() < deadline, "the index never reloaded"
        time.sleep(0.2)
