"""Erasure leaves nothing behind: a person planted everywhere the service keeps data (their
record, a CV, conversations that name them by first name, email and id, the audit log, their
API key, a colleague's plan they mentor and approved, the server's log) is gone from every
file and every endpoint afterwards, as bytes, while what belongs to others stays."""

from __future__ import annotations

import os
import re
import shutil
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from core.settings import Settings
from ingest.native_folder import load_folder
from services import Services
from tests.support.organisations import SAMPLE, SAMPLE_AS_OF
from tests.support.postgres import PostgresServer
from tests.support.servers import ServerProcess, auth, free_port, start_server

ZORA = "E901"
# Every form of the person a file or an answer might carry.
MARKERS = ("E901", "Zora", "Quillfeather", "zora.quillfeather", "QUILLMARK")
ZORA_ROW = (
    f"{ZORA},Zora Quillfeather,zora.quillfeather@kestrel-mutual.example,IT,Platform,"
    "senior-data-engineer,E001,2012-02-01,\n"
)
ZORA_SKILLS = [
    f"{ZORA},{skill},5,assessment,2026-06-01,QUILLMARK-evidence,\n"
    for skill in ("python", "spark", "sql", "airflow", "data-modelling", "kafka", "coaching")
]
CV = (
    "# Zora Quillfeather\n\nQUILLMARK-CV. Reach me at zora.quillfeather@kestrel-mutual.example.\n"
    "Ten years of Apache Spark, Kafka and Airflow pipelines; I coach data engineers.\n"
)


@dataclass
class Deployment:
    home: Path
    server: ServerProcess
    admin: str
    zora: str
    ingrid: str
    # Everything a PostgreSQL database holds, as pg_dump writes it (SQLite lives in `home`).
    dump: Callable[[], bytes]

    def residues(self) -> dict[str, list[str]]:
        found = _scan(self.home)
        for marker in _found(self.dump()):
            found.setdefault(marker, []).append("the PostgreSQL database (pg_dump)")
        return found

    def get(self, path: str, key: str | None = None) -> httpx.Response:
        return httpx.get(self.server.url + path, headers=auth(key or self.admin), timeout=60)

    def post(self, path: str, key: str | None = None, **kwargs: Any) -> httpx.Response:
        return httpx.post(
            self.server.url + path, headers=auth(key or self.admin), timeout=120, **kwargs
        )


def _found(blob: bytes) -> list[str]:
    low = blob.lower()
    return [m for m in MARKERS if m.lower().encode() in low]


def _scan(root: Path) -> dict[str, list[str]]:
    """Marker -> files holding it, as raw bytes, under root."""
    residues: dict[str, list[str]] = {}
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        for marker in _found(path.read_bytes()):
            residues.setdefault(marker, []).append(str(path.relative_to(root)))
    return residues


@pytest.fixture(params=["sqlite", "postgresql"])
def deployment(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[Deployment]:
    dump: Callable[[], bytes] = bytes
    if request.param == "postgresql":
        url = request.getfixturevalue("postgres_url")  # TALENT_DATABASE_URL, server included
        postgres: PostgresServer = request.getfixturevalue("postgres")
        database = url.rsplit("/", 1)[1]
        dump = lambda: postgres.run("pg_dump", "--data-only", database).stdout.encode()  # noqa: E731
    folder = tmp_path / "org"
    shutil.copytree(SAMPLE, folder)
    with (folder / "employees.csv").open("a") as f:
        f.write(ZORA_ROW)
    with (folder / "employee_skills.csv").open("a") as f:
        f.writelines(ZORA_SKILLS)
    home = tmp_path / "home"
    settings = Settings(home=home, embedder="hash", as_of=SAMPLE_AS_OF)
    services = Services.from_settings(settings)
    load_folder(services.store, folder)
    services.knowledge.reindex()
    admin = services.store.keys.create("admin", name="erasure-admin")["key"]
    zora = services.store.keys.create("hr", ZORA, "zora-quillfeather-laptop")["key"]
    ingrid = services.store.keys.create("manager", "E012", "ingrid")["key"]
    services.close()
    shutil.rmtree(folder)  # the operator's source files are theirs to delete, not ours

    port = free_port()
    env = {
        **os.environ,
        "TALENT_HOME": str(home),
        "TALENT_EMBEDDER": "hash",
        "TALENT_AS_OF": SAMPLE_AS_OF,
        "HF_HUB_OFFLINE": "1",
    }
    server = start_server(
        "talent serve",
        [sys.executable, "-m", "cli.main", "serve", "--host", "127.0.0.1", "--port", str(port)],
        f"http://127.0.0.1:{port}",
        "/healthz",
        tmp_path / "logs",
        env=env,
    )
    try:
        yield Deployment(home, server, admin, zora, ingrid, dump)
    finally:
        server.stop()


def _plant(d: Deployment) -> str:
    """Puts Zora everywhere; returns the id of a colleague's plan she mentors and approved."""
    uploaded = d.post(
        "/v1/documents",
        files={"file": ("zora-cv.md", CV.encode(), "text/markdown")},
        data={"kind": "profile", "entity_id": ZORA},
    )
    assert uploaded.status_code == 201, uploaded.text
    for question in (
        "What are Zora's gaps for Senior Data Engineer?",
        "and what about zora.quillfeather@kestrel-mutual.example",
        f"show me the profile of {ZORA}",
        "who knows Spark?",
    ):
        assert d.post("/v1/chat", json={"message": question}).status_code == 200
    assert d.get(f"/v1/employees/{ZORA}").status_code == 200
    assert d.get(f"/v1/employees/{ZORA}/gaps?role_id=head-of-it").status_code == 200
    assert d.post("/v1/plans", json={"employee_id": ZORA}).status_code == 201
    assert d.get("/v1/me", d.zora).status_code == 200
    # her history: a move into a vacancy she filled
    vacancy = {
        "vacancy_id": "V-9001",
        "role_id": "senior-data-engineer",
        "team": "Platform",
        "opened": "2025-03-03",
        "status": "filled",
        "closed": "2025-05-20",
        "filled_from": "internal",
        "filled_by": ZORA,
    }
    assert d.post("/v1/vacancies", json={"vacancies": [vacancy]}).status_code == 200
    move = {"event_id": "EV-9001", "employee_id": ZORA, "type": "move", "date": "2025-06-02",
            "role_id": "senior-data-engineer", "team": "Platform"}  # fmt: skip
    assert d.post("/v1/events", json={"events": [move]}).status_code == 200
    assert _found(d.get(f"/v1/events?employee_id={ZORA}").content)
    # she co-owns a target and owns a decision that names her
    target = {"figure": "retention_rate", "value": 0.9, "due": "2027-06-30",
              "hr_owner": "E048", "it_owner": ZORA, "note": "Zora to report monthly"}  # fmt: skip
    assert d.post("/v1/targets", json=target).status_code == 201
    decision = {"quarter": "2026Q3", "text": "Zora Quillfeather runs the Spark guild",
                "owner": ZORA}  # fmt: skip
    assert d.post("/v1/decisions", json=decision).status_code == 201

    dana = d.post("/v1/plans", json={"employee_id": "E013"}).json()
    mentored = [a for a in dana["actions"] if a["mentor_id"] == ZORA]
    assert mentored, "Zora mentors Dana (the plan's precondition)"
    approved = httpx.patch(
        f"{d.server.url}/v1/plans/{dana['plan_id']}",
        headers=auth(d.zora),
        json={"status": "approved", "comment": "Fine by me, Zora Quillfeather"},
        timeout=60,
    )
    assert approved.status_code == 200, approved.text
    return str(dana["plan_id"])


def test_erasure_leaves_no_residue_in_files_logs_or_endpoints(deployment: Deployment) -> None:
    d = deployment
    plan_id = _plant(d)
    before = d.get(f"/v1/plans/{plan_id}").json()
    assert d.residues(), "the markers were planted"
    if d.dump():
        assert _found(d.dump()), "the markers reached the PostgreSQL database"

    erased = httpx.delete(f"{d.server.url}/v1/employees/{ZORA}", headers=auth(d.admin))
    assert erased.status_code == 200, erased.text
    # The files first: what is asked afterwards (her name, typed again) is new data.
    assert not d.residues(), d.residues()

    # Every endpoint an administrator can read.
    reads = [
        "/v1/employees",
        "/v1/audit?limit=1000",
        "/v1/plans",
        f"/v1/plans/{plan_id}",
        "/v1/search?q=Ten%20years%20of%20Spark%20Kafka%20Airflow%20pipelines%20coach&top=20",
        "/v1/mentors?skill=spark&level=3",
        "/v1/teams",
        "/v1/teams/Platform/gaps",
        "/v1/departments/IT/gaps",
        "/v1/documents",
        "/v1/roles/senior-data-engineer/candidates",
        "/v1/events?limit=1000",
        "/v1/vacancies?limit=1000",
        "/v1/talent-flow",
        "/v1/targets",
        "/v1/decisions",
        "/v1/scorecard",
    ]
    for path in reads:
        response = d.get(path)
        assert response.status_code == 200, (path, response.text)
        assert not _found(response.content), (path, _found(response.content))
    assert d.get(f"/v1/employees/{ZORA}").status_code == 404
    assert d.get("/v1/me", d.zora).status_code == 401
    chat = d.post("/v1/chat", json={"message": "What are Zora Quillfeather's skills?"}).json()
    # The answer may repeat the name the user typed; it knows nothing else about her.
    assert "nobody called" in chat["answer"], chat["answer"]
    assert not {"E901", "QUILLMARK", "zora.quillfeather"} & set(_found(repr(chat).encode()))

    # Her move and the vacancy she filled are still counted, naming nobody.
    events = d.get("/v1/events?type=move&limit=1000").json()["events"]
    assert [e["employee_id"] for e in events if e["event_id"] == "EV-9001"] == [None]
    vacancies = d.get("/v1/vacancies?status=filled&limit=1000").json()["vacancies"]
    assert [
        (v["filled_from"], v["filled_by"]) for v in vacancies if v["vacancy_id"] == "V-9001"
    ] == [("internal", None)]

    # The target and the decision stay, with nobody named.
    targets = d.get("/v1/targets").json()["targets"]
    kept = [t for t in targets if t["note"].endswith("to report monthly")]
    assert [(t["hr_owner"], t["it_owner"], t["note"]) for t in kept] == [
        ("E048", None, "[erased] to report monthly")
    ]
    history = d.get(f"/v1/targets/{kept[0]['target_id']}/history")
    assert history.status_code == 200 and not _found(history.content)
    decisions = d.get("/v1/decisions").json()["decisions"]
    planted = [(x["owner"], x["text"]) for x in decisions if "runs the Spark guild" in x["text"]]
    assert planted == [(None, "[erased] runs the Spark guild")]

    # The colleague's approved plan keeps its actions; the mentor is no longer named.
    after = d.get(f"/v1/plans/{plan_id}").json()
    assert after["status"] == "approved"
    assert len(after["actions"]) == len(before["actions"])
    assert all(a["mentor_id"] != ZORA for a in after["actions"])
    assert after["comment"] and "Zora" not in after["comment"]

    d.server.stop()  # logs flushed
    log = d.server.log.read_bytes()
    assert re.search(rb"GET /v1/employees/\{employee_id\}", log), "the access log still logs"
    assert not _found(log), _found(log)


def test_another_persons_data_survives_an_erasure(deployment: Deployment) -> None:
    d = deployment
    dana_before = d.get("/v1/employees/E013").json()
    assert httpx.delete(f"{d.server.url}/v1/employees/{ZORA}", headers=auth(d.admin)).is_success
    assert d.get("/v1/employees/E013").json() == dana_before
    assert d.get("/v1/me", d.ingrid).status_code == 200
    found = d.get("/v1/search?q=Apache%20Spark%20pipelines&top=5").json()["results"]
    assert found, "the index still answers after it was rebuilt"


def test_a_request_still_in_flight_at_the_erasure_is_audited_without_the_person(
    tmp_path: Path,
) -> None:
    """Audit rows are written after the response is sent: a request about the person that
    finished just before the erasure can reach the store just after it. Seen on a slow CI
    machine as 'E901' left in talent.db."""
    from tests.support.organisations import sample_services

    services = sample_services(tmp_path)
    key = services.store.keys.create("employee", "E013", "dana-okafor-laptop")
    services.store.forget_employee("E013")
    services.store.audit.record(  # the late row of a request made before the erasure
        key_id=key["key_id"],
        key_name="dana-okafor-laptop",
        role="employee",
        method="GET",
        path="/v1/employees/E013/gaps",
        route="/v1/employees/{employee_id}/gaps",
        status=200,
        outcome="allowed",
        latency_ms=12.0,
        question="What does Dana Okafor lack for Senior Data Engineer?",
        details={"cited": ["employee:E013"]},
    )
    services.store.audit.record(  # someone else's, untouched
        key_id=None,
        key_name="hr-desk",
        role="hr",
        method="GET",
        path="/v1/employees/E004/gaps",
        route="/v1/employees/{employee_id}/gaps",
        status=200,
        outcome="allowed",
        latency_ms=9.0,
        question="What does Bob Lindqvist lack?",
    )
    late, other = services.store.audit.list(2)[::-1]
    blob = repr(late)
    assert "E013" not in blob and "Dana" not in blob and "okafor" not in blob.lower()
    assert late["endpoint"] == "GET /v1/employees/{employee_id}/gaps"  # the event stays
    assert other["question"] == "What does Bob Lindqvist lack?"
    assert other["path"] == "/v1/employees/E004/gaps"
