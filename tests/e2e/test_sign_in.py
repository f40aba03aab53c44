"""Signing in through the organisation's identity provider, in a real browser: the web app's
"Sign in with …" (authorization code + PKCE against the local issuer), and the portal widget
handed the portal's token. The token checks themselves: tests/security/test_tokens.py."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.e2e.conftest import PORTAL_PORT, Server, host_site
from tests.support.oidc_issuer import Issuer

WIDGET = '<script src="{service}/widget.js" data-service="{service}"></script>'


def test_sign_in_with_the_identity_provider(page: Any, server: Server, issuer: Issuer) -> None:
    issuer.login_claims = {"sub": "u-ingrid", "employee_id": "E012", "groups": ["line-managers"]}
    page.goto(server.url)
    page.get_by_role("button", name="Sign in with Test IdP").click()
    who = page.locator("#whoami")
    who.wait_for()
    assert "Ingrid Halvorsen" in who.inner_text()
    assert who.locator(".badge").inner_text() == "manager"
    # the code and state are gone from the address; the token is in this tab only
    assert page.url == f"{server.url}/" or page.url.startswith(f"{server.url}/#")
    token = page.evaluate("sessionStorage.getItem('talent-insights.key')")
    assert token.count(".") == 2 and page.context.cookies() == []
    assert page.evaluate("sessionStorage.getItem('talent-insights.sign-in')") is None
    # the page went to the provider's sign-in page and back, nowhere else
    assert all(u.startswith((server.url, issuer.url)) for u in page.requests), page.requests
    page.get_by_role("link", name="People").click()
    page.get_by_text("Dana Okafor").first.wait_for()  # her report
    page.wait_for_load_state("networkidle")  # the page's own calls are done
    # The token expires while the app is open: the next call leads back to the sign-in page.
    expired = issuer.mint({"sub": "u-ingrid", "employee_id": "E012"}, lifetime_s=-3600)
    page.evaluate(f"sessionStorage.setItem('talent-insights.key', {expired!r})")
    page.get_by_role("link", name="Teams").click()
    assert "expired" in page.get_by_role("alert").inner_text()
    page.get_by_role("button", name="Sign in with Test IdP").wait_for()
    assert page.locator("#whoami").count() == 0


def test_a_return_from_the_provider_that_this_tab_did_not_start_is_refused(
    page: Any, server: Server
) -> None:
    """A link with someone else's code (login CSRF): no state of ours, no sign-in."""
    page.goto(f"{server.url}/?code=stolen-code&state=abc")
    alert = page.get_by_role("alert")
    assert "not started from this tab" in alert.inner_text()
    assert page.locator("#whoami").count() == 0
    assert "code=" not in page.url


def test_the_widget_signs_in_with_the_portals_token(
    page: Any, server: Server, issuer: Issuer, tmp_path: Path
) -> None:
    (tmp_path / "index.html").write_text(
        "<!doctype html><html><head><meta charset='utf-8'><title>Portal</title></head><body>"
        f"<h1>Portal</h1>{WIDGET.format(service=server.url)}</body></html>"
    )
    dana = issuer.mint({"sub": "u-dana", "employee_id": "E013"})
    with host_site(tmp_path, PORTAL_PORT) as origin:
        page.goto(f"{origin}/index.html")
        page.evaluate(f"TalentInsights.setToken({dana!r})")
        page.get_by_role("button", name="Skills assistant").click()
        frame = page.frame_locator("#talent-insights-panel iframe")
        who = frame.locator(".embed-who")
        who.wait_for()
        assert "Dana Okafor" in who.inner_text() and "employee" in who.inner_text()
        # The chat answers as Dana, and only about Dana.
        frame.get_by_label("Your question").fill("What are my gaps for Senior Data Engineer?")
        frame.get_by_role("button", name="Ask").click()
        frame.locator(".citations").wait_for()
        assert "58%" in frame.locator(".answer-text").inner_text()
        # The portal refreshed her token: the conversation stays on screen.
        again = issuer.mint({"sub": "u-dana", "employee_id": "E013"}, lifetime_s=600)
        page.evaluate(f"TalentInsights.setToken({again!r})")
        frame.get_by_label("Your question").fill("and for data scientist?")
        frame.get_by_role("button", name="Ask").click()
        frame.locator(".answer-text").nth(1).wait_for()
        assert frame.locator(".turn").count() == 2
        # A colleague's token replaces hers (the portal switched users): no trace of her chat.
        bob = issuer.mint({"sub": "u-bob", "employee_id": "E004"})
        page.evaluate(f"TalentInsights.setToken({bob!r})")
        frame.get_by_text("Bob Lindqvist").first.wait_for()
        assert frame.locator(".turn").count() == 0
        # the token never travels in a URL
        assert not any(dana in url or bob in url for url in page.requests)
        # An expired token signs the chat out rather than leaving Bob signed in.
        expired = issuer.mint({"sub": "u-bob", "employee_id": "E004"}, lifetime_s=-3600)
        page.evaluate(f"TalentInsights.setToken({expired!r})")
        frame.get_by_text("expired").first.wait_for()
        assert frame.locator(".embed-who").count() == 0
