"""Long work is a job: a framework upload past the threshold answers 202 with a job that the
serving process runs in the background (the embedded default), whose state, progress, result
or errors GET /v1/jobs/{id} tells; a small one is answered at once, as before."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from core.settings import Settings
from ingest.native_folder import load_folder
from tests.support.organisations import FIXTURES, SAMPLE, SAMPLE_AS_OF
from tests.support.servers import auth

THRESHOLD = 1024  # the ESCO fixture's three files are 1,563 bytes


@pytest.fixture
def client(tmp_path: Path) -> Iterator[tuple[TestClient, dict[str, str]]]:
    app = create_app(
        Settings(
            home=tmp_path,
            embedder="hash",
            vector_store="memory",
            as_of=SAMPLE_AS_OF,
            job_threshold_bytes=THRESHOLD,
        )
    )
    store = app.state.services.store
    load_folder(store, SAMPLE)
    keys = {
        "hr": store.keys.create("hr", name="hr")["key"],
        "manager": store.keys.create("manager", "E012", "ingrid")["key"],
    }
    with TestClient(app) as c:
        yield c, keys


def _files(folder: Path) -> list[tuple[str, tuple[str, bytes]]]:
    return [("files", (p.name, p.read_bytes())) for p in sorted(folder.iterdir())]


def _until_done(client: TestClient, key: str, location: str) -> dict[str, Any]:
    deadline = time.monotonic() + 60
    while True:
        job = client.get(location, headers=auth(key)).json()
        if job["state"] in ("succeeded", "failed"):
            return dict(job)
        assert time.monotonic() < deadline, job
        time.sleep(0.1)


def test_a_large_framework_upload_is_a_job(client: tuple[TestClient, dict[str, str]]) -> None:
    c, keys = client
    accepted = c.post("/v1/frameworks", headers=auth(keys["hr"]), files=_files(FIXTURES / "esco"))
    assert accepted.status_code == 202, accepted.text
    job = accepted.json()
    assert accepted.headers["location"] == f"/v1/jobs/{job['job_id']}"
    assert job["state"] in ("queued", "running", "succeeded")
    done = _until_done(c, keys["hr"], accepted.headers["location"])
    assert done["state"] == "succeeded" and done["attempts"] == 1, done
    assert done["result"]["format"] == "esco"
    assert done["result"]["counts"]["skills"]["inserted"] > 0
    skills = c.get("/v1/skills?limit=1000", headers=auth(keys["hr"])).json()["skills"]
    assert any(s["skill_id"].startswith("esco:") for s in skills)
    listed = c.get("/v1/jobs", headers=auth(keys["hr"])).json()["jobs"]
    assert listed[0]["job_id"] == job["job_id"]


def test_a_job_that_fails_says_where(
    client: tuple[TestClient, dict[str, str]], tmp_path: Path
) -> None:
    c, keys = client
    folder = tmp_path / "bad"
    folder.mkdir()
    rows = "".join(f"skill-{i},Skill number {i},Data\n" for i in range(60))
    (folder / "skills.csv").write_text(
        f"skill_id,name,category\n{rows}bad id!,Broken,Data\n", encoding="utf-8"
    )
    accepted = c.post("/v1/frameworks", headers=auth(keys["hr"]), files=_files(folder))
    assert accepted.status_code == 202
    done = _until_done(c, keys["hr"], accepted.headers["location"])
    assert done["state"] == "failed"
    assert "skills.csv, line 62, field 'skill_id'" in " ".join(done["errors"])
    assert "/tmp" not in " ".join(done["errors"])  # names the upload, not a folder
    skills = c.get("/v1/skills?limit=1000", headers=auth(keys["hr"])).json()["skills"]
    assert not any(s["skill_id"].startswith("skill-") for s in skills), "nothing was stored"


def test_a_small_upload_is_answered_at_once(
    client: tuple[TestClient, dict[str, str]], tmp_path: Path
) -> None:
    c, keys = client
    folder = tmp_path / "small"
    folder.mkdir()
    (folder / "skills.csv").write_text(
        "skill_id,name,category\nquarto,Quarto,Data\n", encoding="utf-8"
    )
    answered = c.post("/v1/frameworks", headers=auth(keys["hr"]), files=_files(folder))
    assert answered.status_code == 201 and answered.json()["counts"]["skills"]["inserted"] == 1


def test_jobs_are_for_hr_and_admins(client: tuple[TestClient, dict[str, str]]) -> None:
    c, keys = client
    accepted = c.post("/v1/frameworks", headers=auth(keys["hr"]), files=_files(FIXTURES / "esco"))
    assert c.get(accepted.headers["location"], headers=auth(keys["manager"])).status_code == 403
    assert c.get("/v1/jobs", headers=auth(keys["manager"])).status_code == 403


def test_a_large_document_is_a_job_too(client: tuple[TestClient, dict[str, str]]) -> None:
    c, keys = client
    duties = "".join(
        f"- Build and run data pipeline number {i} in Python and SQL\n" for i in range(40)
    )
    text = f"# Pipeline Engineer\n\n## Must have\n{duties}"
    assert len(text.encode()) > THRESHOLD
    accepted = c.post(
        "/v1/documents",
        headers=auth(keys["hr"]),
        data={"kind": "job_description", "entity_id": "pipeline-engineer"},
        files={"file": ("pipeline-engineer.md", text.encode())},
    )
    assert accepted.status_code == 202, accepted.text
    done = _until_done(c, keys["hr"], accepted.headers["location"])
    assert done["state"] == "succeeded", done
    assert done["result"]["documents"][0]["role_id"] == "pipeline-engineer"
    assert done["result"]["inferred_requirements"]["pipeline-engineer"]
