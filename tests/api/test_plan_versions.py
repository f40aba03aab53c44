"""Decisions on the plan as it was read: reads carry an ETag, decisions and progress marks send
it back as If-Match, and a plan changed since then answers 412 saying what it is now. Two
deciders who read the same draft and decide at once over HTTP: exactly one wins."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from api.main import create_app
from core.settings import Settings
from ingest.native_folder import load_folder
from tests.support.organisations import SAMPLE, SAMPLE_AS_OF
from tests.support.servers import auth, serve_in_thread


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, dict[str, str]]]:
    home: Path = tmp_path_factory.mktemp("plan-versions")
    app = create_app(
        Settings(home=home, embedder="hash", vector_store="memory", as_of=SAMPLE_AS_OF)
    )
    store = app.state.services.store
    load_folder(store, SAMPLE)
    keys = {
        "ingrid": store.keys.create("manager", "E012", "ingrid")["key"],
        "hr": store.keys.create("hr", name="hr")["key"],
        "dana": store.keys.create("employee", "E013", "dana")["key"],
    }
    with serve_in_thread(app) as url:
        yield url, keys


def _draft(url: str, keys: dict[str, str]) -> tuple[str, str]:
    made = httpx.post(
        f"{url}/v1/plans",
        json={"employee_id": "E013", "role_id": "senior-data-engineer"},
        headers=auth(keys["hr"]),
    )
    assert made.status_code == 201, made.text
    return made.json()["plan_id"], made.headers["etag"]


def test_reads_carry_an_etag_that_changes_with_the_plan(server: tuple[str, dict[str, str]]) -> None:
    url, keys = server
    plan_id, created = _draft(url, keys)
    read = httpx.get(f"{url}/v1/plans/{plan_id}", headers=auth(keys["ingrid"]))
    assert read.headers["etag"] == created
    decided = httpx.patch(
        f"{url}/v1/plans/{plan_id}",
        json={"status": "approved", "comment": "go"},
        headers={**auth(keys["ingrid"]), "If-Match": created},
    )
    assert decided.status_code == 200, decided.text
    assert decided.headers["etag"] != created


def test_a_decision_on_a_plan_changed_since_it_was_read_is_412(
    server: tuple[str, dict[str, str]],
) -> None:
    url, keys = server
    plan_id, seen = _draft(url, keys)
    approved = httpx.patch(
        f"{url}/v1/plans/{plan_id}",
        json={"status": "approved", "comment": "go"},
        headers={**auth(keys["ingrid"]), "If-Match": seen},
    )
    assert approved.status_code == 200
    late = httpx.patch(
        f"{url}/v1/plans/{plan_id}",
        json={"status": "rejected", "comment": "no budget"},
        headers={**auth(keys["hr"]), "If-Match": seen},
    )
    assert late.status_code == 412, late.text
    assert "now approved by Ingrid Halvorsen" in late.json()["detail"]
    tick = httpx.post(
        f"{url}/v1/plans/{plan_id}/actions/0/done",
        headers={**auth(keys["dana"]), "If-Match": seen},
    )
    assert tick.status_code == 412
    now = httpx.get(f"{url}/v1/plans/{plan_id}", headers=auth(keys["hr"])).json()
    assert now["status"] == "approved" and not now["actions"][0]["done"]


def test_two_deciders_on_the_same_read_have_exactly_one_winner(
    server: tuple[str, dict[str, str]],
) -> None:
    url, keys = server
    for _ in range(10):
        plan_id, seen = _draft(url, keys)
        assert sorted(_decide_together(url, keys, plan_id, seen)) == [200, 412]


def _decide_together(url: str, keys: dict[str, str], plan_id: str, seen: str) -> list[Any]:
    """Ingrid approves and HR rejects the same read of a plan at the same moment."""
    statuses: list[Any] = [None, None]
    barrier = threading.Barrier(2)

    def decide(i: int, key: str, status: str) -> None:
        barrier.wait()
        statuses[i] = httpx.patch(
            f"{url}/v1/plans/{plan_id}",
            json={"status": status, "comment": "race"},
            headers={**auth(keys[key]), "If-Match": seen},
            timeout=30,
        ).status_code

    threads = [
        threading.Thread(target=decide, args=(0, "ingrid", "approved")),
        threading.Thread(target=decide, args=(1, "hr", "rejected")),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return statuses


def test_if_match_that_this_service_never_gave_is_400(server: tuple[str, dict[str, str]]) -> None:
    url, keys = server
    plan_id, _ = _draft(url, keys)
    response = httpx.patch(
        f"{url}/v1/plans/{plan_id}",
        json={"status": "approved"},
        headers={**auth(keys["ingrid"]), "If-Match": '"abc"'},
    )
    assert response.status_code == 400
