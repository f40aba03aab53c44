"""Which ids exist cannot be probed: a caller who may not see a person (or their plan, or
a conversation) gets the same status and body for an id that exists and one that does not,
on every route that takes one. The red-team case: an employee got 403 for a colleague's id
and 404 for a missing one."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from core.settings import Settings
from ingest.native_folder import load_folder
from tests.support.organisations import SAMPLE, SAMPLE_AS_OF
from tests.support.servers import auth

COLLEAGUE, NOBODY = "E004", "E999"  # Bob Lindqvist (Platform), and an id nobody has


@pytest.fixture(scope="module")
def setup(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[TestClient, dict[str, str], str]]:
    home: Path = tmp_path_factory.mktemp("probing")
    app = create_app(
        Settings(home=home, embedder="hash", vector_store="memory", as_of=SAMPLE_AS_OF)
    )
    services = app.state.services
    load_folder(services.store, SAMPLE)
    store = services.store
    keys = {
        "employee": store.keys.create("employee", "E013", "dana")["key"],
        "manager": store.keys.create("manager", "E012", "ingrid")["key"],
        "evaluator": store.keys.create("evaluator", name="eval")["key"],
        "hr": store.keys.create("hr", name="hr")["key"],
    }
    plan = store.plans.save_draft(services.insights().plan(COLLEAGUE, None), created_by="hr")
    with TestClient(app) as client:
        yield client, keys, plan["plan_id"]


ROUTES: list[tuple[str, str, dict[str, Any]]] = [
    ("GET", "/v1/employees/{id}", {}),
    ("GET", "/v1/employees/{id}/gaps", {}),
    ("GET", "/v1/employees/{id}/gaps?role=data-engineer", {}),
    ("DELETE", "/v1/employees/{id}", {}),
    ("POST", "/v1/plans", {"json": {"employee_id": "{id}"}}),
    ("GET", "/v1/plans?employee_id={id}", {}),
    ("GET", "/v1/mentors?skill=python&level=3&learner={id}", {}),
    ("GET", "/v1/plans/{plan}", {}),
    ("PATCH", "/v1/plans/{plan}", {"json": {"status": "approved", "comment": "ok"}}),
    ("POST", "/v1/plans/{plan}/actions/0/done", {}),
    ("POST", "/v1/chat", {"json": {"message": "hello", "conversation_id": "{conversation}"}}),
]


def _call(
    client: TestClient,
    key: str,
    method: str,
    path: str,
    options: dict[str, Any],
    fill: dict[str, str],
) -> tuple[int, Any]:
    def filled(value: Any) -> Any:
        if isinstance(value, str):
            return value.format(**fill)
        if isinstance(value, dict):
            return {k: filled(v) for k, v in value.items()}
        return value

    response = client.request(method, filled(path), headers=auth(key), **filled(options))
    body = response.json()
    if isinstance(body, dict):
        body.pop("conversation_id", None)
    return response.status_code, body


@pytest.mark.parametrize("role", ["employee", "manager", "evaluator"])
@pytest.mark.parametrize(("method", "path", "options"), ROUTES)
def test_an_id_that_exists_and_one_that_does_not_read_the_same(
    setup: tuple[TestClient, dict[str, str], str],
    role: str,
    method: str,
    path: str,
    options: dict[str, Any],
) -> None:
    client, keys, plan_id = setup
    # another caller's conversation, as against one nobody has
    theirs = client.post("/v1/chat", json={"message": "hello"}, headers=auth(keys["hr"]))
    existing = {"id": COLLEAGUE, "plan": plan_id, "conversation": theirs.json()["conversation_id"]}
    missing = {"id": NOBODY, "plan": "PLAN-0000000000", "conversation": "conv-000000000000"}
    found = _call(client, keys[role], method, path, options, existing)
    absent = _call(client, keys[role], method, path, options, missing)
    assert found == absent
    assert found[0] in (200, 403, 404), found


@pytest.mark.parametrize("role", ["employee", "manager"])
@pytest.mark.parametrize(
    "question",
    ["Tell me about {id}", "What are {id}'s gaps?", "What does {name} lack for Data Engineer?"],
)
def test_the_chat_answers_the_same_for_a_colleague_and_for_nobody(
    setup: tuple[TestClient, dict[str, str], str], role: str, question: str
) -> None:
    client, keys, _ = setup

    def ask(fill: dict[str, str]) -> dict[str, Any]:
        answer = client.post(
            "/v1/chat", json={"message": question.format(**fill)}, headers=auth(keys[role])
        ).json()
        return {k: answer[k] for k in ("answer", "intent", "refused", "tool_args", "data")}

    colleague = ask({"id": COLLEAGUE, "name": "Bob Lindqvist"})
    nobody = ask({"id": NOBODY, "name": "Zed Quorn"})
    assert colleague["refused"] and colleague == nobody


def test_hr_is_told_what_does_not_exist(setup: tuple[TestClient, dict[str, str], str]) -> None:
    client, keys, _ = setup
    response = client.get(f"/v1/employees/{NOBODY}", headers=auth(keys["hr"]))
    assert response.status_code == 404
