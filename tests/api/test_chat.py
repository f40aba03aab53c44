"""The chat API in-process (FastAPI TestClient), and once over real HTTP with uvicorn and
the official `openai` client."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from tests.support.servers import auth, serve_in_thread

QUESTION = "What does Dana Okafor lack for Senior Data Engineer?"


def test_missing_or_bad_key_is_401_problem_json(client: TestClient) -> None:
    missing = client.post("/v1/chat", json={"message": "hi"})
    assert missing.status_code == 401
    assert missing.headers["content-type"].startswith("application/problem+json")
    assert missing.json()["detail"].startswith("missing API key")
    bad = client.post("/v1/chat", json={"message": "hi"}, headers=auth("ti_wrong"))
    assert bad.status_code == 401 and bad.json()["detail"] == "invalid or revoked API key"


def test_chat_answers_with_citations_and_data(
    client: TestClient, keys: dict[str, str], app: FastAPI
) -> None:
    response = client.post("/v1/chat", json={"message": QUESTION}, headers=auth(keys["hr"]))
    assert response.status_code == 200
    body = response.json()
    assert body["ai_generated"] is True and body["grounding"] == "verified"
    assert body["data"]["employee_id"] == "E013" and body["intent"] == "person_gaps"
    assert {c["id"] for c in body["citations"]} == {"E013", "senior-data-engineer"}
    event = app.state.services.store.audit.list(1)[0]
    assert (event["key_name"], event["role"], event["endpoint"]) == (
        "test-hr",
        "hr",
        "POST /v1/chat",
    )
    assert event["question"] == QUESTION
    assert event["details"]["cited"] == ["employee:E013", "role:senior-data-engineer"]
    assert event["details"]["tools"] == ["person_gaps"]


def test_employee_key_cannot_see_a_colleague(client: TestClient, keys: dict[str, str]) -> None:
    body = client.post("/v1/chat", json={"message": QUESTION}, headers=auth(keys["bob"])).json()
    assert body["refused"] is True and body["data"] == {} and body["citations"] == []
    own = client.post(
        "/v1/chat", json={"message": "What are my gaps?"}, headers=auth(keys["employee"])
    ).json()
    assert own["data"]["employee_id"] == "E013"


def test_follow_up_through_the_api(client: TestClient, keys: dict[str, str]) -> None:
    first = client.post("/v1/chat", json={"message": QUESTION}, headers=auth(keys["hr"])).json()
    second = client.post(
        "/v1/chat",
        json={"message": "and for Bob Lindqvist?", "conversation_id": first["conversation_id"]},
        headers=auth(keys["hr"]),
    ).json()
    assert second["data"]["employee_id"] == "E004"
    stolen = client.post(
        "/v1/chat",
        json={"message": "and for Bob Lindqvist?", "conversation_id": first["conversation_id"]},
        headers=auth(keys["manager"]),
    )
    assert stolen.status_code == 404


def test_sse_stream_ends_with_a_final_event(client: TestClient, keys: dict[str, str]) -> None:
    with client.stream(
        "POST", "/v1/chat", json={"message": QUESTION, "stream": True}, headers=auth(keys["hr"])
    ) as response:
        assert response.headers["content-type"].startswith("text/event-stream")
        raw = "".join(response.iter_text())
    events = [block for block in raw.split("\n\n") if block.strip()]
    names = [block.splitlines()[0].removeprefix("event: ") for block in events]
    assert names[-1] == "final" and set(names[:-1]) == {"section"} and len(names) > 2
    final = json.loads(events[-1].splitlines()[1].removeprefix("data: "))
    text = "".join(
        json.loads(b.splitlines()[1].removeprefix("data: "))["text"] for b in events[:-1]
    )
    assert text == final["answer"] and final["citations"]


def test_validation_errors_are_problem_json(client: TestClient, keys: dict[str, str]) -> None:
    empty = client.post("/v1/chat", json={"message": ""}, headers=auth(keys["hr"]))
    assert empty.status_code == 422
    assert empty.headers["content-type"].startswith("application/problem+json")
    assert "message" in empty.json()["detail"]
    long = client.post("/v1/chat", json={"message": "x" * 4001}, headers=auth(keys["hr"]))
    assert long.status_code == 422


def test_openai_compatible_json(client: TestClient, keys: dict[str, str]) -> None:
    models = client.get("/v1/models", headers=auth(keys["hr"])).json()
    assert models["data"][0]["id"] == "talent-insights"
    body = client.post(
        "/v1/chat/completions",
        headers=auth(keys["hr"]),
        json={
            "model": "talent-insights",
            "temperature": 0.2,
            "messages": [
                {"role": "system", "content": "be nice"},
                {"role": "user", "content": QUESTION},
            ],
        },
    ).json()
    content = body["choices"][0]["message"]["content"]
    assert content.startswith("Dana Okafor is") and "\n\nReferences:\n[1] employee E013" in content
    assert body["talent"]["data"]["employee_id"] == "E013"
    none = client.post(
        "/v1/chat/completions",
        headers=auth(keys["hr"]),
        json={"messages": [{"role": "assistant", "content": "hello"}]},
    )
    assert none.status_code == 400 and "no user message" in none.json()["detail"]


@pytest.fixture(scope="module")
def live_url(app: FastAPI) -> Iterator[str]:
    with serve_in_thread(app) as url:
        yield url


def test_official_openai_client_over_http(live_url: str, keys: dict[str, str]) -> None:
    from openai import OpenAI

    with OpenAI(base_url=f"{live_url}/v1", api_key=keys["hr"]) as client:
        assert [m.id for m in client.models.list()] == ["talent-insights"]
        completion = client.chat.completions.create(
            model="talent-insights", messages=[{"role": "user", "content": QUESTION}]
        )
        assert completion.choices[0].message.content.startswith("Dana Okafor is")
        talent = (completion.model_extra or {})["talent"]
        assert (
            talent["grounding"] == "verified"
            and talent["data"]["role_id"] == "senior-data-engineer"
        )
        stream = client.chat.completions.create(
            model="talent-insights", messages=[{"role": "user", "content": QUESTION}], stream=True
        )
        chunks = list(stream)
        text = "".join(c.choices[0].delta.content or "" for c in chunks)
        assert text == completion.choices[0].message.content
        assert chunks[-1].choices[0].finish_reason == "stop"
        assert (chunks[-1].model_extra or {})["talent"]["conversation_id"]


def test_sse_over_real_http(live_url: str, keys: dict[str, str]) -> None:
    with httpx.stream(
        "POST",
        f"{live_url}/v1/chat",
        headers=auth(keys["hr"]),
        json={"message": QUESTION, "stream": True},
        timeout=30,
    ) as response:
        lines = [line for line in response.iter_lines() if line]
    assert lines[0] == "event: section" and "event: final" in lines


def test_keys_cli(tmp_path: Path, sample_folder: Path) -> None:
    from typer.testing import CliRunner

    from cli.main import app as cli

    runner = CliRunner()
    assert runner.invoke(cli, ["load", "--no-index", str(sample_folder)]).exit_code == 0
    created = runner.invoke(
        cli,
        ["keys", "create", "--role", "employee", "--employee", "E013", "--name", "dana", "--json"],
    )
    record = json.loads(created.output)
    assert record["key"].startswith("ti_") and record["role"] == "employee"
    listed = json.loads(runner.invoke(cli, ["keys", "list", "--json"]).output)
    assert listed[0]["name"] == "dana" and "key" not in listed[0]
    assert runner.invoke(cli, ["keys", "revoke", record["key_id"]]).exit_code == 0
    assert json.loads(runner.invoke(cli, ["keys", "list", "--json"]).output)[0]["revoked"]
    bad = runner.invoke(cli, ["keys", "create", "--role", "manager"])
    assert bad.exit_code == 2 and "must be bound to an employee" in bad.output
    demo = runner.invoke(cli, ["keys", "demo"])
    assert demo.exit_code == 0 and demo.output.count("ti_") == 5


def test_close_readings_are_offered_and_the_chosen_one_answers(tmp_path: Path) -> None:
    from api.main import create_app
    from core.settings import Settings
    from ingest.native_folder import load_folder
    from tests.support.organisations import SAMPLE, SAMPLE_AS_OF

    # A margin wider than any two scores: every question with two fitting readings asks.
    settings = Settings(
        home=tmp_path, embedder="hash", vector_store="memory", as_of=SAMPLE_AS_OF, router_margin=1
    )
    app = create_app(settings)
    load_folder(app.state.services.store, SAMPLE)
    key = app.state.services.store.keys.create("hr", name="hr")["key"]
    question = "Tell me about Dana Okafor"
    with TestClient(app) as client:
        offered = client.post("/v1/chat", headers=auth(key), json={"message": question}).json()
        assert offered["intent"] == "clarify" and len(offered["choices"]) == 2
        assert offered["data"] == {} and offered["tools_called"] == []
        chosen = offered["choices"][0]["capability"]
        answered = client.post(
            "/v1/chat",
            headers=auth(key),
            json={
                "message": question,
                "conversation_id": offered["conversation_id"],
                "capability": chosen,
            },
        ).json()
        assert answered["intent"] == chosen and answered["tools_called"] == [chosen]
        unknown = client.post(
            "/v1/chat", headers=auth(key), json={"message": question, "capability": "nope"}
        )
        assert unknown.status_code == 400 and "unknown capability" in unknown.json()["detail"]
        listed = client.get("/v1/capabilities", headers=auth(key)).json()["capabilities"]
        assert {c["name"] for c in listed} >= {"person_gaps", "kpis", "learning_catalogue"}
