"""POST /v1/skills/extract with the optional LLM re-rank, over HTTP to the fake
OpenAI-compatible server on loopback (tests/support/fake_llm.py) through the real client."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from core.settings import Settings
from ingest.native_folder import load_folder
from tests.support.fake_llm import FakeLLM, fake_llm
from tests.support.organisations import SAMPLE, SAMPLE_AS_OF

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def fake() -> Iterator[FakeLLM]:
    with fake_llm() as server:
        yield server


def _client(tmp_path_factory: pytest.TempPathFactory, **llm: str) -> tuple[TestClient, str]:
    settings = Settings(
        home=tmp_path_factory.mktemp("rerank"), embedder="hash", as_of=SAMPLE_AS_OF, **llm
    )
    app = create_app(settings)
    load_folder(app.state.services.store, SAMPLE)
    key = app.state.services.store.keys.create("hr", name="test-hr")["key"]
    return TestClient(app), key


def test_over_http_the_choice_comes_from_the_server_and_unshown_ids_are_dropped(
    fake: FakeLLM, tmp_path_factory: pytest.TempPathFactory
) -> None:
    client, key = _client(tmp_path_factory, llm_base_url=fake.base_url("choose"))
    text = "You will turn messy spreadsheets into dashboards leaders read."
    with client:
        plain = client.post(
            "/v1/skills/extract", json={"text": text}, headers={"Authorization": f"Bearer {key}"}
        ).json()
        reranked = client.post(
            "/v1/skills/extract",
            json={"text": text, "rerank": True},
            headers={"Authorization": f"Bearer {key}"},
        ).json()
    assert "rerank" not in plain
    assert reranked["rerank"] == {"applied": True, "sentences": 1, "left_to_extractor": 0}
    # the server answered S2, S1, an id it was never shown, a handle it was not given and
    # S2 again: two skills, both among the extractor's candidates
    chosen = [m for m in reranked["mentions"] if m["how"] == "chosen"]
    assert len(chosen) == 2 and {m["how"] for m in reranked["mentions"]} <= {"named", "chosen"}
    assert "esco:not-shown" not in {m["skill_id"] for m in reranked["mentions"]}
    assert fake.requests["choose"] == 1


def test_without_an_llm_or_with_a_failing_one_the_extractor_answers_and_says_so(
    fake: FakeLLM, tmp_path_factory: pytest.TempPathFactory
) -> None:
    text = "Python and dashboards."
    for llm, failure in (
        ({}, "no LLM is configured (TALENT_LLM_BASE_URL)"),
        ({"llm_base_url": fake.base_url("http500")}, "the model failed"),
        ({"llm_base_url": fake.base_url("ok")}, "the model's choice could not be read"),
    ):
        client, key = _client(tmp_path_factory, **llm)
        with client:
            body = client.post(
                "/v1/skills/extract",
                json={"text": text, "rerank": True},
                headers={"Authorization": f"Bearer {key}"},
            ).json()
        assert body["rerank"]["applied"] is False and body["rerank"]["failure"] == failure
        assert {m["skill_id"] for m in body["mentions"]} >= {"python"}


def test_match_takes_sentences_and_agrees_with_extract(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    client, key = _client(tmp_path_factory)
    headers = {"Authorization": f"Bearer {key}"}
    sentence = "You will keep our Kubernetes clusters healthy and patched every month."
    with client:
        matched = client.post(
            "/v1/skills/match", json={"phrases": ["k8s", sentence]}, headers=headers
        )
        extracted = client.post("/v1/skills/extract", json={"text": sentence}, headers=headers)
    assert matched.status_code == 200, matched.text
    phrase, read = matched.json()["results"]
    assert (phrase["read_as"], phrase["match"]) == ("phrase", "kubernetes")
    assert (read["read_as"], read["match"]) == ("sentence", "kubernetes")
    assert read["match"] in {m["skill_id"] for m in extracted.json()["mentions"]}
