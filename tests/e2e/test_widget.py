"""The portal widget in a real browser: a site the operator named frames the chat and signs
it in; a foreign site cannot frame it, and a frame beside it cannot hand it a key, even from
an allowed origin. (The headers and settings half: tests/security/test_widget.py.)"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from tests.e2e.conftest import PORTAL_PORT, SIBLING_PORT, Server, host_site

WIDGET = '<script src="{service}/widget.js" data-service="{service}"{key}></script>'


def _page(service: str, key: str = "", extra: str = "") -> str:
    attribute = f' data-key="{key}"' if key else ""
    return (
        "<!doctype html><html><head><meta charset='utf-8'><title>Host</title></head><body>"
        f"<h1>Host</h1>{extra}{WIDGET.format(service=service, key=attribute)}</body></html>"
    )


def _signed_in(frame: Any, name: str, seconds: float) -> bool:
    try:
        frame.get_by_text(name).first.wait_for(timeout=seconds * 1000)
        return True
    except Exception:
        return False


def test_a_named_site_frames_the_chat_and_signs_in(
    page: Any, server: Server, tmp_path: Path
) -> None:
    (tmp_path / "index.html").write_text(_page(server.url, server.keys["employee"]))
    with host_site(tmp_path, PORTAL_PORT) as origin:
        page.goto(f"{origin}/index.html")
        page.get_by_role("button", name="Skills assistant").click()
        frame = page.frame_locator("#talent-insights-panel iframe")
        assert _signed_in(frame, "Dana Okafor", 30)


def test_a_foreign_site_cannot_frame_the_chat(page: Any, server: Server, tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text(_page(server.url, server.keys["employee"]))
    with host_site(tmp_path) as origin:  # a port TALENT_EMBED_ORIGINS does not name
        page.goto(f"{origin}/index.html")
        page.get_by_role("button", name="Skills assistant").click()
        frame = page.frame_locator("#talent-insights-panel iframe")
        assert not _signed_in(frame, "Dana Okafor", 4)
        # the frame's script never ran: nothing asked the API who the key is
        assert not any("/v1/me" in url for url in page.requests), page.requests


def test_a_frame_beside_the_chat_cannot_hand_it_a_key(
    page: Any, server: Server, tmp_path: Path
) -> None:
    """The sibling is served from an allowed origin too: the origin check alone would take
    its key; the frame takes keys only from the window that frames it."""
    sibling = tmp_path / "sibling"
    sibling.mkdir()
    (sibling / "index.html").write_text(
        "<!doctype html><html><body><script>"
        "setInterval(function () {"
        "  for (var i = 0; i < parent.frames.length; i++) {"
        "    if (parent.frames[i] !== window) parent.frames[i].postMessage("
        f"      {{type: 'talent-insights:key', key: '{server.keys['hr']}'}}, '*');"
        "  }"
        "}, 200);"
        "</script></body></html>"
    )
    portal = tmp_path / "portal"
    portal.mkdir()
    beside = f'<iframe title="sibling" src="http://127.0.0.1:{SIBLING_PORT}/index.html"></iframe>'
    (portal / "index.html").write_text(_page(server.url, extra=beside))
    with host_site(sibling, SIBLING_PORT), host_site(portal, PORTAL_PORT) as origin:
        page.goto(f"{origin}/index.html")
        page.get_by_role("button", name="Skills assistant").click()
        frame = page.frame_locator("#talent-insights-panel iframe")
        frame.get_by_text("Waiting for the host page to sign in").wait_for()
        time.sleep(2)  # the sibling has posted its key about ten times by now
        assert frame.locator(".embed-who").count() == 0  # nobody signed in
        assert frame.get_by_text("Waiting for the host page to sign in").is_visible()
        # The host page itself can: the frame was working all along.
        page.evaluate(f"TalentInsights.setKey({server.keys['employee']!r})")
        assert _signed_in(frame, "Dana Okafor", 30)


def test_the_api_docs_pages_work_under_their_content_security_policy(
    page: Any, server: Server
) -> None:
    """/docs and /redoc run only their own inline scripts (allowed by hash): the pages still
    render, and the browser blocks no script of theirs. (What it does block is ReDoc's
    attempt to fetch its logo from a CDN: the policy doing its job.)"""
    blocked: list[str] = []
    page.on(
        "console",
        lambda m: (
            blocked.append(m.text)
            if "Content Security" in m.text and "script" in m.text.lower()
            else None
        ),
    )
    page.goto(f"{server.url}/docs")
    page.locator(".opblock").first.wait_for()
    page.goto(f"{server.url}/redoc")
    page.get_by_text("talent-insights").first.wait_for()
    page.locator("[role=menuitem], li[data-item-id]").first.wait_for()
    assert not blocked, blocked
