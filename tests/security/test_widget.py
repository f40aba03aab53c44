"""The embeddable chat takes an API key only from the page that frames it, and only sites
the operator named may frame it. Without TALENT_EMBED_ORIGINS nobody may. (The browser
half, a foreign page refused and an allowed one signed in: tests/e2e/test_widget.py.)"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from pydantic import ValidationError

from api.main import create_app
from core.settings import Settings

EMBED_JS = Path(__file__).resolve().parents[2] / "web/static/js/embed.js"


def _embed(tmp_path: Path, origins: list[str]) -> tuple[str, str]:
    app = create_app(
        Settings(home=tmp_path, embedder="hash", vector_store="memory", embed_origins=origins)
    )
    with TestClient(app) as client:
        page = client.get("/embed")
    return page.headers["content-security-policy"], page.text


def test_by_default_no_site_may_frame_the_chat(tmp_path: Path) -> None:
    policy, html = _embed(tmp_path, [])
    assert "frame-ancestors 'none'" in policy
    assert re.search(r'<meta name="talent-embed-origins" content="">', html)


def test_only_the_configured_sites_may_frame_it_and_post_a_key(tmp_path: Path) -> None:
    origins = ["https://intranet.example", "https://portal.example:8443/"]
    policy, html = _embed(tmp_path, origins)
    assert policy.endswith("frame-ancestors https://intranet.example https://portal.example:8443")
    meta = re.search(r'<meta name="talent-embed-origins" content="([^"]*)">', html)
    assert meta and meta.group(1).split() == [
        "https://intranet.example",
        "https://portal.example:8443",
    ]


@pytest.mark.parametrize(
    "origin",
    [
        "*",
        "https://*.example",
        "intranet.example",
        "https://intranet.example/path",
        "javascript:x",
        'https://a.example" onload="x',
    ],
)
def test_an_origin_that_is_not_one_site_is_refused_at_start(origin: str) -> None:
    with pytest.raises(ValidationError, match="embed_origins"):
        Settings(embed_origins=[origin])


def test_the_frame_checks_who_sends_the_key() -> None:
    """The browser test proves it; this keeps the two checks from being edited away."""
    source = EMBED_JS.read_text()
    assert "event.source !== window.parent" in source
    assert "allowedOrigins.includes(event.origin)" in source
    assert 'postMessage({ type: "talent-insights:ready" }, "*")' not in source
