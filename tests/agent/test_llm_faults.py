"""The model misbehaving, the way a busy deployment meets it: down, 500s, malformed JSON,
unknown tools, bad arguments, a garbage stream, slow, hung, and the framework's own stop
message. Every question is answered (the offline answer, marked degraded and never
`verified`), within the configured timeout, over /v1/chat and /v1/chat/completions, plain and
streamed; a circuit breaker stops asking a failing model; a cap on concurrent model runs
keeps chats from tying up the threads REST calls need. Against a fake OpenAI-compatible
server on loopback (tests/support/fake_llm.py)."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from agent.llm import ModelGuard
from api.main import create_app
from core.errors import DependencyError
from core.settings import Settings
from ingest.native_folder import load_folder
from services import Services
from tests.support.fake_llm import FakeLLM, fake_llm
from tests.support.organisations import SAMPLE, SAMPLE_AS_OF
from tests.support.servers import auth, free_port, serve_in_thread

QUESTION = "What does Dana Okafor lack for Senior Data Engineer?"
TIMEOUT_S = 2.0
FAULTS = (
    "down",
    "http500",
    "malformed",
    "garbage_stream",
    "unknown_tool",
    "bad_arguments",
    "bad_json_arguments",
    "hang",
    "limit_message",
)


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    home = tmp_path_factory.mktemp("faults-home")
    services = Services.from_settings(Settings(home=home, embedder="hash", as_of=SAMPLE_AS_OF))
    load_folder(services.store, SAMPLE)
    services.knowledge.reindex()
    key = services.store.keys.create("hr", name="faults-hr")["key"]
    services.close()
    return home, key


@pytest.fixture(scope="module")
def fake() -> Iterator[FakeLLM]:
    with fake_llm() as server:
        yield server


def _settings(home: Path, base_url: str, **overrides: Any) -> Settings:
    options: dict[str, Any] = {
        "home": home,
        "embedder": "hash",
        "as_of": SAMPLE_AS_OF,
        "llm_base_url": base_url,
        "llm_model": "fake",
        "llm_timeout_s": TIMEOUT_S,
        "llm_max_retries": 0,
        "llm_breaker_failures": 1000,  # these tests meet every fault; the breaker has its own
        **overrides,
    }
    return Settings(**options)


def _base_url(fake: FakeLLM, behaviour: str) -> str:
    if behaviour == "down":
        return f"http://127.0.0.1:{free_port()}/v1"  # nothing listens there
    return fake.base_url(behaviour)


def _four_ways(client: TestClient, key: str) -> Iterator[tuple[str, dict[str, Any], float]]:
    """The same question as /v1/chat and /v1/chat/completions, plain and streamed: the
    response's answer fields (degraded, grounding, answer) and the seconds it took."""
    for stream in (False, True):
        started = time.perf_counter()
        r = client.post("/v1/chat", headers=auth(key), json={"message": QUESTION, "stream": stream})
        took = time.perf_counter() - started
        assert r.status_code == 200, r.text
        if stream:
            final = r.text.split("event: final\ndata: ")[1].split("\n\n")[0]
            body = json.loads(final)
        else:
            body = r.json()
        yield f"chat stream={stream}", body, took
        started = time.perf_counter()
        r = client.post(
            "/v1/chat/completions",
            headers=auth(key),
            json={"model": "talent-insights", "messages": [{"role": "user", "content": QUESTION}]}
            | {"stream": stream},
        )
        took = time.perf_counter() - started
        assert r.status_code == 200, r.text
        if stream:
            events = [
                json.loads(line[6:]) for line in r.text.splitlines() if line.startswith("data: {")
            ]
            text = "".join(e["choices"][0]["delta"].get("content") or "" for e in events)
            body = {**events[-1]["talent"], "answer": text}
        else:
            completion = r.json()
            body = {
                **completion["talent"],
                "answer": completion["choices"][0]["message"]["content"],
            }
        yield f"completions stream={stream}", body, took


@pytest.mark.parametrize("behaviour", FAULTS)
def test_a_failing_model_gets_the_offline_answer_marked_degraded(
    behaviour: str, fake: FakeLLM, home: tuple[Path, str]
) -> None:
    folder, key = home
    app = create_app(_settings(folder, _base_url(fake, behaviour)))
    services = app.state.services
    services.knowledge.org(), services.assistant.planner()  # warm: time the model's part
    with TestClient(app) as client:
        for way, body, took in _four_ways(client, key):
            assert body["answer"].startswith("Dana Okafor is 58% ready"), (way, body["answer"])
            assert body["degraded"] is True, way
            assert body["grounding"] != "verified", way
            assert "limit" not in body["answer"].lower(), way
            assert took < TIMEOUT_S + 1, (way, took)  # the timeout, plus the planner


@pytest.mark.parametrize("behaviour", ["ok", "slow"])
def test_a_working_model_is_not_degraded(
    behaviour: str, fake: FakeLLM, home: tuple[Path, str]
) -> None:
    folder, key = home
    app = create_app(_settings(folder, _base_url(fake, behaviour)))
    with TestClient(app) as client:
        for way, body, _ in _four_ways(client, key):
            assert body["degraded"] is False, way
            assert body["model"] == "fake", way


def test_the_breaker_stops_asking_a_failing_model_and_a_probe_closes_it(
    fake: FakeLLM, home: tuple[Path, str]
) -> None:
    folder, key = home
    fake.behave["flaky"] = "http500"
    settings = _settings(
        folder, fake.base_url("flaky"), llm_breaker_failures=3, llm_breaker_cooldown_s=1.0
    )
    with TestClient(create_app(settings)) as client:

        def ask() -> dict[str, Any]:
            r = client.post("/v1/chat", headers=auth(key), json={"message": QUESTION})
            assert r.status_code == 200
            return dict(r.json())

        for _ in range(3):
            assert ask()["degraded"]
        asked = fake.requests["flaky"]
        assert asked == 3
        for _ in range(5):  # open: answered offline without asking
            assert ask()["degraded"]
        assert fake.requests["flaky"] == asked
        time.sleep(1.1)
        fake.behave["flaky"] = "ok"  # the server recovered
        probe = ask()
        assert probe["degraded"] is False and fake.requests["flaky"] == asked + 1
        assert ask()["degraded"] is False  # closed again


def test_a_hung_model_ties_up_no_more_than_the_cap_and_rest_never_waits(
    fake: FakeLLM, home: tuple[Path, str]
) -> None:
    folder, key = home
    fake.behave["capped"] = "hang"
    settings = _settings(folder, fake.base_url("capped"), llm_max_concurrent=2, llm_timeout_s=6.0)
    app = create_app(settings)
    fake.behave["capped"] = "ok"
    with serve_in_thread(app) as url:
        chats: list[tuple[float, dict[str, Any]]] = []
        rest: list[float] = []

        def chat() -> None:
            started = time.perf_counter()
            r = httpx.post(
                f"{url}/v1/chat", headers=auth(key), json={"message": QUESTION}, timeout=30
            )
            chats.append((time.perf_counter() - started, r.json()))

        def gaps() -> None:
            for _ in range(5):
                started = time.perf_counter()
                r = httpx.get(
                    f"{url}/v1/employees/E013/gaps",
                    params={"role_id": "senior-data-engineer"},
                    headers=auth(key),
                    timeout=30,
                )
                assert r.status_code == 200, r.text
                rest.append(time.perf_counter() - started)
                time.sleep(0.2)

        chat()  # warm: the planner, the org and the index are built before the storm
        chats.clear()
        fake.behave["capped"] = "hang"
        asked = fake.requests["capped"]
        threads = [threading.Thread(target=chat) for _ in range(12)]
        threads.append(threading.Thread(target=gaps))
        for t in threads:
            t.start()
        for t in threads:
            t.join(60)
    assert len(chats) == 12 and all(body["degraded"] for _, body in chats)
    assert fake.requests["capped"] - asked <= 2  # the cap: the rest were never sent
    assert fake.most_in_flight["capped"] <= 2
    took = sorted(t for t, _ in chats)
    # refused at once, not queued behind the two that wait out the 6 s timeout
    assert len([t for t in took if t < 3]) >= 10, took
    assert max(rest) < 3, rest  # REST did not wait on the model


# ---------------------------------------------------------------- the guard alone


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def _fail() -> Any:
    raise ConnectionError("refused")


@pytest.mark.unit
def test_the_guard_opens_after_repeated_failures_and_probes_once_after_the_cooldown() -> None:
    clock = Clock()
    guard = ModelGuard(2, failures_to_open=2, cooldown_s=10, clock=clock)
    for _ in range(2):
        with pytest.raises(DependencyError, match="ConnectionError"):
            guard.run(_fail, 1)
    assert guard.state == "open"
    calls: list[int] = []

    def work() -> Any:
        calls.append(1)
        return "reply"

    with pytest.raises(DependencyError, match="keeps failing"):
        guard.run(work, 1)
    assert not calls
    clock.now = 11
    assert guard.state == "half-open"
    with pytest.raises(DependencyError):  # the probe fails: open again for a cooldown
        guard.run(_fail, 1)
    assert guard.state == "open"
    clock.now = 22
    assert guard.run(work, 1) == "reply" and guard.state == "closed"


@pytest.mark.unit
def test_the_guard_refuses_at_once_when_every_slot_is_taken() -> None:
    guard = ModelGuard(1, failures_to_open=5, cooldown_s=10)
    release = threading.Event()
    started = threading.Event()

    def held() -> Any:
        started.set()
        release.wait(10)
        return "late"

    first = threading.Thread(target=lambda: guard.run(held, 10))
    first.start()
    started.wait(5)
    t0 = time.perf_counter()
    with pytest.raises(DependencyError, match="busy"):
        guard.run(lambda: "never", 10)
    assert time.perf_counter() - t0 < 1
    release.set()
    first.join(10)
    assert guard.run(lambda: "now", 10) == "now"  # the slot came back
