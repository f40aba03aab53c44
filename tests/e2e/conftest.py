"""A real server as `make run` starts it (`talent load` then `talent serve`, MiniLM and
embedded Chroma) and Debian's headless Chromium driven by Playwright. No browser is
downloaded: `make browser` installs the `chromium` package."""

from __future__ import annotations

import http.server
import json
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path

import pytest

from core.settings import Settings
from services import Services
from tests.support.oidc_issuer import Issuer, oidc_settings
from tests.support.organisations import SAMPLE
from tests.support.servers import free_port, start_server

CHROMIUM = Path("/usr/bin/chromium")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
# Where screenshots go when asked for (`make screenshots` sets it to docs/screenshots).
SHOTS = os.environ.get("TALENT_SCREENSHOTS", "")


# Two host sites the servers allow to frame the chat (TALENT_EMBED_ORIGINS); any other
# port on loopback is a foreign site.
PORTAL_PORT = free_port()
SIBLING_PORT = free_port()
EMBED_ORIGINS = [f"http://127.0.0.1:{PORTAL_PORT}", f"http://127.0.0.1:{SIBLING_PORT}"]


@contextmanager
def host_site(folder: Path, port: int = 0) -> Iterator[str]:
    """Serve a folder of pages over HTTP on loopback (a portal, another site); yields its
    origin."""
    handler = partial(http.server.SimpleHTTPRequestHandler, directory=str(folder))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


class Server:
    def __init__(self, url: str, keys: dict[str, str], home: Path):
        self.url = url
        self.keys = keys
        self.home = home


@pytest.fixture(scope="session")
def issuer() -> Iterator[Issuer]:
    """The organisation's identity provider, on loopback: the servers accept its tokens and
    the web app offers "Sign in with Test IdP"."""
    started = Issuer("api://talent-insights").start()
    yield started
    started.stop()


def _oidc_env(issuer: Issuer) -> dict[str, str]:
    return {
        f"TALENT_{name.upper()}": value if isinstance(value, str) else json.dumps(value)
        for name, value in oidc_settings(issuer).items()
    }


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory, issuer: Issuer) -> Iterator[Server]:
    yield from _serve(tmp_path_factory, _oidc_env(issuer))


@pytest.fixture(scope="session")
def clarifying_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A server whose router asks back whenever two readings fit (a margin wider than any
    two scores): for the web app's choice buttons."""
    yield from _serve(tmp_path_factory, {"TALENT_ROUTER_MARGIN": "1"})


def _serve(tmp_path_factory: pytest.TempPathFactory, settings: dict[str, str]) -> Iterator[Server]:
    home = tmp_path_factory.mktemp("web-home")
    env = {
        **os.environ,
        "TALENT_HOME": str(home),
        "TALENT_AS_OF": "2026-11-22",
        "HF_HUB_OFFLINE": "1",
        "TOKENIZERS_PARALLELISM": "false",
        "TALENT_EMBED_ORIGINS": json.dumps(EMBED_ORIGINS),
        # framework uploads past 1 KiB are jobs: the ESCO fixture (1.5 KiB) goes through one
        "TALENT_JOB_THRESHOLD_BYTES": "1024",
        # one key per role serves every test: minutes of a person's clicking pass in seconds
        # here, past the default 120 requests a minute (rate limits: tests/api)
        "TALENT_RATE_LIMIT_PER_MINUTE": "1000",
        **settings,
    }
    talent = [sys.executable, "-m", "cli.main"]
    subprocess.run([*talent, "load", str(SAMPLE)], env=env, check=True, capture_output=True)
    store = Services.from_settings(Settings(home=home)).store
    keys = {
        "admin": store.keys.create("admin", name="e2e-admin")["key"],
        "hr": store.keys.create("hr", name="e2e-hr")["key"],
        "manager": store.keys.create("manager", "E012", "e2e-ingrid")["key"],
        "employee": store.keys.create("employee", "E013", "e2e-dana")["key"],
        "evaluator": store.keys.create("evaluator", name="e2e-evaluator")["key"],
        "lms": store.keys.create("lms", name="Kestrel Academy LMS")["key"],
    }
    store.engine.dispose()
    port = free_port()
    serve = start_server(
        "talent serve",
        [*talent, "serve", "--host", "127.0.0.1", "--port", str(port)],
        f"http://127.0.0.1:{port}",
        "/readyz",
        tmp_path_factory.mktemp("serve-log"),
        timeout_s=120,
        env=env,
    )
    yield Server(serve.url, keys, home)
    serve.stop()


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    assert CHROMIUM.exists(), (
        "Debian's chromium is needed: run `make browser` (apt-get install chromium)"
    )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser: object, server: Server) -> Iterator[object]:
    """A fresh browser context per test (its own session storage), with every request the
    page makes recorded: the app must load nothing from anywhere but the server."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})  # type: ignore[attr-defined]
    page = context.new_page()
    page.set_default_timeout(30_000)
    page.requests = []
    page.errors = []
    page.on("request", lambda request: page.requests.append(request.url))
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    yield page
    context.close()
    assert not page.errors, page.errors


def shot(page: object, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"))  # type: ignore[attr-defined]
