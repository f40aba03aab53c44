"""The client's address is the peer's unless the peer is a proxy listed in
TALENT_TRUSTED_PROXIES: a client that sends a new X-Forwarded-For on each try still meets
the failed sign-in limit. Run as operators run it, `talent serve`, since the server's own
defaults (uvicorn believes proxy headers from loopback) were the hole."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.support.servers import ServerProcess, start_talent

pytestmark = pytest.mark.slow
FAILURES = 3  # failed sign-ins per address and minute


def _serve(tmp_path: Path, **settings: str) -> Iterator[ServerProcess]:
    env = {
        **os.environ,
        "TALENT_HOME": str(tmp_path / "home"),
        "TALENT_EMBEDDER": "hash",
        "TALENT_AUTH_FAILURES_PER_MINUTE": str(FAILURES),
        **settings,
    }
    server = start_talent("talent serve", env, tmp_path / "logs")
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def untrusted(tmp_path: Path) -> Iterator[ServerProcess]:
    yield from _serve(tmp_path)


@pytest.fixture
def behind_a_proxy(tmp_path: Path) -> Iterator[ServerProcess]:
    yield from _serve(tmp_path, TALENT_TRUSTED_PROXIES='["127.0.0.1"]')


def _guess(server: ServerProcess, forwarded_for: str) -> int:
    response = httpx.get(
        server.url + "/v1/me",
        headers={"Authorization": "Bearer ti_wrong-guess", "X-Forwarded-For": forwarded_for},
        timeout=30,
    )
    return response.status_code


def test_a_new_forwarded_address_each_try_does_not_reset_the_lock(
    untrusted: ServerProcess,
) -> None:
    statuses = [_guess(untrusted, f"203.0.113.{i}") for i in range(1, FAILURES + 3)]
    assert statuses[:FAILURES] == [401] * FAILURES
    assert set(statuses[FAILURES:]) == {429}, statuses


def test_a_listed_proxy_is_believed(behind_a_proxy: ServerProcess) -> None:
    assert [_guess(behind_a_proxy, "203.0.113.7") for _ in range(FAILURES + 1)][-1] == 429
    # another client behind the same proxy is not locked out by the first one's guesses
    assert _guess(behind_a_proxy, "203.0.113.8") == 401


def test_responses_do_not_name_the_server_software(untrusted: ServerProcess) -> None:
    for path in ("/healthz", "/readyz", "/v1/me", "/"):
        response = httpx.get(untrusted.url + path, timeout=30)
        assert "server" not in response.headers, (path, response.headers.get("server"))
