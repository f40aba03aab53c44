"""Several workers, one truth: two `talent serve` processes (one of them with two
workers, as on two machines) on one PostgreSQL server and one Chroma server. Whichever
process answers, a conversation continues, a key's rate limit is one limit, a change made
through one process or the CLI is seen by all within a second, an erasure takes effect
everywhere at once, and every process writes the one audit log."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.support.organisations import SAMPLE, SAMPLE_AS_OF
from tests.support.servers import (
    ServerProcess,
    auth,
    run_talent,
    start_chroma_server,
    start_talent,
)

pytestmark = pytest.mark.slow

LIMIT = 40  # requests per key and minute, for every process together


@dataclass
class Cluster:
    servers: list[ServerProcess]  # [two workers, one worker]
    env: dict[str, str]
    keys: dict[str, str]

    def call(
        self, i: int, method: str, path: str, key: str = "hr", **kwargs: Any
    ) -> httpx.Response:
        return httpx.request(
            method,
            self.servers[i].url + path,
            headers={**auth(self.keys[key]), **kwargs.pop("headers", {})},
            timeout=60,
            **kwargs,
        )

    def finds(self, i: int, word: str) -> bool:
        """Whether server i's search finds `word` in the text of its top hits."""
        found = self.call(i, "GET", f"/v1/search?q={word}%20airship&top=3")
        assert found.status_code == 200, found.text
        return any(word in hit["snippet"] for hit in found.json()["results"])


def _within_a_second(check: Callable[[], bool]) -> float:
    """Seconds until `check()` holds; fails after one second."""
    started = time.monotonic()
    while not check():
        assert time.monotonic() - started < 1.0, "not seen within a second"
        time.sleep(0.05)
    return time.monotonic() - started


def _talent(env: dict[str, str], *argv: str) -> str:
    """Runs `talent ARGV` as a separate process; returns a created key, or its output."""
    done = run_talent(env, *argv)
    assert done.returncode == 0, done.stdout + done.stderr
    return str(json.loads(done.stdout)["key"]) if "--json" in argv else done.stdout


@pytest.fixture
def cluster(tmp_path: Path, postgres_url: str) -> Iterator[Cluster]:
    chroma = start_chroma_server(tmp_path / "chroma", tmp_path / "logs")
    env = {
        **os.environ,
        "TALENT_HOME": str(tmp_path / "home"),  # caches only: the data is in the servers
        "TALENT_DATABASE_URL": postgres_url,
        "TALENT_CHROMA_URL": chroma.url,
        "TALENT_EMBEDDER": "hash",
        "TALENT_AS_OF": SAMPLE_AS_OF,
        "TALENT_RATE_LIMIT_PER_MINUTE": str(LIMIT),
        "HF_HUB_OFFLINE": "1",
    }
    folder = tmp_path / "org"
    shutil.copytree(SAMPLE, folder)
    # Loaded and indexed as an operator would, with the CLI, into the two servers.
    _talent(env, "load", str(folder))
    keys = {
        "hr": _talent(env, "keys", "create", "--role", "hr", "--name", "cluster-hr", "--json"),
        "admin": _talent(env, "keys", "create", "--role", "admin", "--json"),
        "limited": _talent(env, "keys", "create", "--role", "hr", "--json"),
        "bob": _talent(env, "keys", "create", "--role", "employee", "--employee", "E004", "--json"),
    }
    servers: list[ServerProcess] = []
    try:
        for name, workers in (("server-a", 2), ("server-b", 1)):
            servers.append(start_talent(name, env, tmp_path / "logs", workers=workers))
        yield Cluster(servers, {**env, "ORG": str(folder)}, keys)
    finally:
        for server in servers:
            server.stop()
        chroma.stop()


def test_several_servers_on_one_postgres_and_one_chroma_server(cluster: Cluster) -> None:
    c = cluster

    # A conversation started on one server continues on the other.
    first = c.call(
        0, "POST", "/v1/chat", json={"message": "What are Dana's gaps for Senior Data Engineer?"}
    )
    assert first.status_code == 200, first.text
    conversation = first.json()["conversation_id"]
    follow_up = c.call(
        1, "POST", "/v1/chat", json={"message": "and for Bob?", "conversation_id": conversation}
    )
    assert follow_up.status_code == 200, follow_up.text
    answer = follow_up.json()["answer"]
    assert "Bob" in answer and "Senior Data Engineer" in answer, answer

    # One rate limit per key, whichever process counts: exactly LIMIT calls pass.
    statuses = [c.call(i % 2, "GET", "/v1/me", "limited").status_code for i in range(LIMIT + 6)]
    assert statuses.count(200) == LIMIT and statuses.count(429) == 6, statuses

    # A document uploaded through one server is found by every process within a second
    # (each has its search snapshot loaded before).
    for i in range(6):
        assert not c.finds(i % 2, "zeppelin")
    uploaded = c.call(
        0,
        "POST",
        "/v1/documents",
        files={"file": ("data-engineer.md", ZEPPELIN_JD.encode(), "text/markdown")},
        data={"kind": "job_description", "entity_id": "data-engineer"},
    )
    assert uploaded.status_code == 201, uploaded.text

    def everyone_finds_it() -> bool:
        return all(c.finds(i % 2, "zeppelin") for i in range(4))

    _within_a_second(everyone_finds_it)

    # A change made with the CLI is seen by both within a second.
    with (Path(c.env["ORG"]) / "employees.csv").open("a") as f:
        f.write(
            "E950,Wren Halloway,wren.h@example.com,IT,Platform,data-engineer,E001,2026-01-05,\n"
        )
    loaded = subprocess.run(
        [sys.executable, "-m", "cli.main", "load", "--no-index", c.env["ORG"]],
        env=c.env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert loaded.returncode == 0, loaded.stdout + loaded.stderr
    _within_a_second(
        lambda: all(c.call(i, "GET", "/v1/employees/E950").status_code == 200 for i in (0, 1, 0))
    )

    # An erasure through one server takes effect on the other at once.
    assert c.call(1, "GET", "/v1/me", "bob").status_code == 200
    assert c.call(0, "DELETE", "/v1/employees/E004", "admin").status_code == 200
    for i in (1, 0, 1, 0):
        assert c.call(i, "GET", "/v1/employees/E004").status_code == 404
        assert c.call(i, "GET", "/v1/me", "bob").status_code == 401

    # Every process writes the one audit log.
    marks = [f"/v1/employees/E00{n}" for n in (1, 2, 3)]
    for i, path in enumerate(marks):
        assert c.call(i % 2, "GET", path).status_code == 200
    rows = c.call(1, "GET", "/v1/audit?limit=1000", "admin").json()["events"]
    paths = [r["path"] for r in rows]
    assert all(paths.count(p) == 1 for p in marks), paths[:20]


ZEPPELIN_JD = """---
role_id: data-engineer
---
# Data Engineer

## What you will do
Run the zeppelin telemetry pipelines of our airship fleet.
"""
