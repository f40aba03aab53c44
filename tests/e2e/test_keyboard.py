"""The web app with the keyboard only: a manager signs in, asks, opens a source, switches
team tabs with the arrow keys and approves a plan — and the focus always lands on the new
content, never on something hidden under the sticky question bar. The portal widget moves
the focus into its panel and closes on Escape."""

from __future__ import annotations

from typing import Any

from tests.e2e.conftest import Server
from tests.e2e.test_web import api, portal  # noqa: F401  (the portal page fixture)


def focused(page: Any, script: str = "el => el.textContent.trim()") -> Any:
    return page.evaluate(f"({script})(document.activeElement)")


def tab_to(page: Any, text: str, limit: int = 80, back: bool = False) -> None:
    for _ in range(limit):
        page.keyboard.press("Shift+Tab" if back else "Tab")
        if focused(page) == text:
            return
    raise AssertionError(f"never reached {text!r} with the keyboard")


def not_under_the_bar(page: Any) -> bool:
    """The focused element is not covered by the sticky question bar."""
    return bool(
        page.evaluate(
            """() => {
              const el = document.activeElement.getBoundingClientRect();
              const bar = document.querySelector('.chat-form');
              if (!bar) return true;
              const b = bar.getBoundingClientRect();
              return el.bottom <= b.top || el.top >= b.bottom;
            }"""
        )
    )


def test_keyboard_only_sign_in_ask_source_tabs_and_approve(page: Any, server: Server) -> None:
    plan = api(server, "hr", "POST", "/v1/plans", json={"employee_id": "E013", "weeks": 6})
    page.goto(server.url)
    page.locator("#api-key").wait_for()
    for _ in range(20):  # past the skip link and "Sign in with Test IdP" to the key field
        if focused(page, "el => el.id") == "api-key":
            break
        page.keyboard.press("Tab")
    page.keyboard.type(server.keys["manager"])
    page.keyboard.press("Enter")
    page.locator("#whoami").wait_for()
    # after sign-in the focus is on the new page's heading, and it was announced
    assert focused(page) == "Chat"
    page.wait_for_function("() => document.getElementById('status').textContent === 'Chat page'")
    for _ in range(60):  # onwards to the question box
        if focused(page, "el => el.id") == "chat-input":
            break
        page.keyboard.press("Tab")
    page.keyboard.type("What does Dana Okafor lack for Senior Data Engineer?")
    page.keyboard.press("Enter")
    page.locator("article.turn .citations").wait_for()
    # back from the question box: the answer's buttons are reachable and never hidden
    tab_to(page, "Export .md", back=True)
    assert not_under_the_bar(page)
    tab_to(page, "Copy as Markdown", back=True)
    assert not_under_the_bar(page)
    # a source opens with Enter, Escape closes it
    tab_to(page, "employee Dana Okafor", back=True)
    page.keyboard.press("Enter")
    page.get_by_role("dialog").get_by_text("Skills on record").wait_for()
    page.keyboard.press("Escape")
    assert page.get_by_role("dialog").is_hidden()
    # team tabs: arrow keys move between them, Enter shows one and focuses its heading
    page.goto(f"{server.url}/#/teams/Data/heatmap")
    page.locator("table.heatmap").wait_for()
    page.get_by_role("tab", name="Heatmap").focus()
    page.keyboard.press("ArrowRight")
    assert focused(page) == "Coverage & risks"
    page.keyboard.press("End")
    assert focused(page) == "Internal candidates"
    page.keyboard.press("Home")
    page.keyboard.press("ArrowRight")
    page.keyboard.press(" ")  # Space activates a tab
    page.locator("table.coverage").wait_for()
    assert focused(page) == "Coverage & risks · Data"
    assert page.get_by_role("tab", name="Coverage & risks").get_attribute("aria-selected") == "true"
    # approve the draft: Tab to the button, Enter; the focus lands on the plan's heading
    # and the decision is announced
    page.goto(f"{server.url}/#/plans/{plan['plan_id']}")
    page.get_by_role("button", name="Approve").wait_for()
    page.get_by_label("Comment (kept with the decision)").focus()
    page.keyboard.type("Good plan.")
    tab_to(page, "Approve")
    page.keyboard.press("Enter")
    page.get_by_text("Decided by Ingrid Halvorsen").wait_for()
    assert focused(page) == "Dana Okafor's learning plan"
    page.wait_for_function(
        "() => document.getElementById('status').textContent.startsWith('Plan approved')"
    )


def test_widget_moves_focus_into_its_panel_and_closes_on_escape(
    page: Any,
    server: Server,
    portal: str,  # noqa: F811
) -> None:
    page.goto(portal)
    launcher = page.get_by_role("button", name="Ask about skills")
    launcher.focus()
    page.keyboard.press("Enter")
    frame = page.frame_locator("#talent-insights-panel iframe")
    frame.get_by_label("Your question").wait_for()
    # the panel follows its launcher in the tab order, and the focus is inside it
    order = page.evaluate(
        """() => {
          const b = document.getElementById('talent-insights-launcher');
          const p = document.getElementById('talent-insights-panel');
          return Boolean(b.compareDocumentPosition(p) & Node.DOCUMENT_POSITION_FOLLOWING);
        }"""
    )
    assert order
    page.wait_for_function("() => document.activeElement.tagName === 'IFRAME'")
    # Escape inside the chat closes the panel and gives the focus back to the launcher
    frame.get_by_label("Your question").press("Escape")
    page.locator("#talent-insights-panel").wait_for(state="hidden")
    assert focused(page, "el => el.id") == "talent-insights-launcher"
    assert launcher.get_attribute("aria-expanded") == "false"
