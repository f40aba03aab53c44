"""The web app in a real browser (Debian's headless Chromium) against the real server on
loopback: each role signs in, chat streams with citations, the heatmap, a plan drafted by an
employee and approved by her manager, access refused, a job description uploaded and its
inferred requirements corrected, the portal widget, phone width and keyboard use."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.e2e.conftest import PORTAL_PORT, Server, host_site, shot

CURATOR = [
    *("Chat", "People", "Teams", "Plans", "Scorecard"),
    *("Cross-training", "AI initiatives", "Ingest"),
]
WHO = {
    "admin": ("admin", None, CURATOR),
    "hr": ("hr", None, CURATOR),
    "manager": (
        "manager",
        "Ingrid Halvorsen",
        ["Chat", "People", "Teams", "Plans", "Scorecard", "Cross-training", "AI initiatives"],
    ),
    "employee": (
        "employee",
        "Dana Okafor",
        ["Chat", "My profile", "My plans", "Cross-training", "AI initiatives"],
    ),
    "evaluator": (
        "evaluator",
        None,
        ["Chat", "Teams", "Scorecard", "Cross-training", "AI initiatives"],
    ),
}


def sign_in(page: Any, server: Server, role: str, hash_: str = "") -> None:
    page.goto(f"{server.url}/{hash_}")
    page.get_by_label("API key").fill(server.keys[role])
    page.get_by_role("button", name="Sign in", exact=True).click()
    page.locator("#whoami").wait_for()


def api(server: Server, role: str, method: str, path: str, **kwargs: Any) -> Any:
    response = httpx.request(
        method,
        server.url + path,
        headers={"Authorization": f"Bearer {server.keys[role]}"},
        timeout=30,
        **kwargs,
    )
    response.raise_for_status()
    return response.json()


@pytest.mark.parametrize("role", list(WHO))
def test_each_role_signs_in_and_sees_who_they_are(page: Any, server: Server, role: str) -> None:
    sign_in(page, server, role)
    expected_role, name, links = WHO[role]
    who = page.locator("#whoami")
    assert who.locator(".badge").inner_text() == expected_role
    if name:
        assert name in who.inner_text()
    nav = page.get_by_role("navigation", name="Main")
    # a decider's "Plans" link counts the drafts waiting for them ("Plans 2")
    shown = [
        t.split(" ")[0] if t.startswith("Plans") else t
        for t in nav.get_by_role("link").all_inner_texts()
    ]
    assert shown == links
    # the key is in this tab's session storage, not in a cookie or local storage
    assert page.evaluate("sessionStorage.getItem('talent-insights.key')") == server.keys[role]
    assert page.evaluate("localStorage.length") == 0 and page.context.cookies() == []
    # everything the page loaded came from the server itself: no CDN, nothing remote
    assert all(url.startswith(server.url) for url in page.requests), page.requests


def test_bad_key_is_refused_and_sign_out_forgets_the_key(page: Any, server: Server) -> None:
    page.goto(server.url)
    page.get_by_label("API key").fill("ti_not-a-real-key")
    page.get_by_role("button", name="Sign in", exact=True).click()
    assert "not valid" in page.get_by_role("alert").inner_text()
    sign_in(page, server, "hr")
    page.get_by_role("button", name="Sign out").click()
    page.get_by_label("API key").wait_for()
    assert page.evaluate("sessionStorage.getItem('talent-insights.key')") is None


def test_chat_streams_a_gap_answer_with_citations_and_data(page: Any, server: Server) -> None:
    sign_in(page, server, "hr")
    page.get_by_label("Your question").fill("What does Dana Okafor lack for Senior Data Engineer?")
    with page.expect_response("**/v1/chat") as response_info:
        page.get_by_role("button", name="Ask").click()
    response = response_info.value
    assert response.headers["content-type"].startswith("text/event-stream")
    assert json.loads(response.request.post_data)["stream"] is True
    turn = page.locator("article.turn").last
    turn.locator(".citations").wait_for()
    text = turn.locator(".answer-text").inner_text()
    assert text.startswith("Dana Okafor is 58% ready for Senior Data Engineer")
    assert "AI-generated" in turn.locator(".provenance").inner_text()
    assert turn.locator(".provenance").get_by_text("verified").is_visible()
    # the structured data as a gap table with required-vs-current bars; stale marked
    table = turn.locator("table.gaps")
    assert table.locator("tbody tr").first.locator("th").inner_text() == "Apache Spark"
    assert table.locator("tr.stale th").first.inner_text() == "Apache Kafka"
    spark = table.locator("tbody tr").first
    assert spark.get_by_role("img").get_attribute("aria-label") == "current 2 of 4 required"
    shot(page, "chat")
    # a citation chip opens the cited record
    turn.get_by_role("button", name="employee Dana Okafor").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_text("Skills on record").wait_for()
    dialog.get_by_role("button", name="Close").click()
    # follow-up in the same conversation; it shows in the history
    page.get_by_label("Your question").fill("and for Bob Lindqvist?")
    page.get_by_role("button", name="Ask").click()
    page.locator("article.turn").nth(1).locator(".provenance").wait_for()
    assert (
        page.locator("article.turn")
        .nth(1)
        .locator(".answer-text")
        .inner_text()
        .startswith("Bob Lindqvist")
    )
    history = page.get_by_role("complementary", name="Conversations")
    assert "What does Dana Okafor lack" in history.inner_text()


def test_answer_exports_as_markdown(page: Any, server: Server) -> None:
    sign_in(page, server, "employee")
    page.get_by_label("Your question").fill("What are my gaps for Senior Data Engineer?")
    page.get_by_role("button", name="Ask").click()
    page.locator(".provenance").wait_for()
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Export .md").click()
    markdown = Path(download_info.value.path()).read_text()
    assert markdown.startswith("**Q:** What are my gaps for Senior Data Engineer?")
    # what was on screen: the gap table as Markdown, sources by name, no ids, no "see data"
    assert "58%" in markdown and "- Dana Okafor (employee)" in markdown
    assert "| Apache Spark | current 2 of 4 required | 2 / 4 |" in markdown
    assert "E013" not in markdown and "see data" not in markdown
    assert "_AI-generated by offline-planner · grounding: verified_" in markdown


def test_manager_opens_the_team_heatmap_and_advice(page: Any, server: Server) -> None:
    sign_in(page, server, "manager", "#/teams")
    page.get_by_role("link", name="Data", exact=True).click()
    heatmap = page.locator("table.heatmap")
    heatmap.wait_for()
    assert heatmap.locator("tbody tr").count() == 10  # the Data team, hand-counted
    dana = heatmap.locator("tbody tr", has_text="Dana Okafor")
    assert dana.locator("td.cell.g1").count() >= 1  # 1 level short somewhere
    assert heatmap.locator("thead th.spof", has_text="Apache Spark").count() == 1
    shot(page, "heatmap")
    page.get_by_role("tab", name="AI readiness").click()
    page.locator("table.coverage").wait_for()
    # the focus moves to the new panel's heading, and the change is announced
    assert page.evaluate("document.activeElement.textContent") == "AI readiness · Data"
    page.get_by_role("tab", name="Build / buy / borrow").click()
    advice = page.locator("table.advice")
    advice.wait_for()
    assert advice.locator("tbody tr", has_text="Apache Spark").count() == 1
    shot(page, "advice")
    page.get_by_role("tab", name="Internal candidates").click()
    page.get_by_text("not only Data").wait_for()  # says the list spans other teams
    page.get_by_label("Open role").select_option("senior-data-engineer")
    page.locator("table.candidates").wait_for()


def test_evaluator_sees_aggregates_only(page: Any, server: Server) -> None:
    sign_in(page, server, "evaluator", "#/teams/Data")
    page.locator("table.coverage").wait_for()
    # not offered what evaluators may not open: individuals and candidate lists
    tabs = page.get_by_role("tab").all_inner_texts()
    assert tabs == ["Coverage & risks", "AI readiness", "Build / buy / borrow"]
    # a skill fewer than 5 people need reads so, never "null of null" at 0 %
    suppressed = page.locator("table.coverage td.suppressed")
    assert suppressed.count() >= 1
    assert suppressed.first.inner_text().startswith("fewer than 5 people")
    assert "null" not in page.locator("table.coverage").inner_text()
    page.goto(f"{server.url}/#/teams/Data/heatmap")  # asking anyway gets the coverage tab
    page.locator("table.coverage").wait_for()
    assert page.locator("table.heatmap").count() == 0
    # a team under the minimum group size (ML has 3 people) gets no figures
    page.goto(f"{server.url}/#/teams/ML/coverage")
    assert "minimum group of 5" in page.get_by_role("alert").inner_text()
    assert page.locator("table.coverage").count() == 0


def draft_plan(page: Any, weeks: str, hours: str) -> str:
    """From a person view: choose the target role, draft, open the plan; its id."""
    page.get_by_label("Target role").select_option("senior-data-engineer")
    page.locator("table.gaps").last.wait_for()
    page.get_by_label("Horizon (weeks)").fill(weeks)
    page.get_by_label("Hours per week").fill(hours)
    page.get_by_role("button", name="Draft a learning plan").click()
    page.get_by_role("link", name="Open the plan").click()
    page.locator("ol.timeline").wait_for()
    return str(page.url.rsplit("/", 1)[1])


def test_plans_drafted_reviewed_approved_and_tracked(
    browser: Any, page: Any, server: Server
) -> None:
    # Dana drafts her own plan; she cannot approve it
    sign_in(page, server, "employee")
    page.get_by_role("link", name="My profile").click()
    own = draft_plan(page, "12", "4")
    assert page.get_by_role("button", name="Approve").count() == 0
    shot(page, "plan-draft")

    # her manager rejects that draft with a comment, drafts another and approves it
    manager = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    sign_in(manager, server, "manager")
    # the draft reaches her: counted in the navigation, listed as hers to decide
    plans_link = manager.get_by_role("navigation", name="Main").get_by_role("link", name="Plans")
    manager.locator('nav a[aria-label*="to decide"]').wait_for()  # counted after sign-in
    plans_link.click()
    manager.locator("table.plans").wait_for()
    assert "waiting for your decision" in manager.locator("table.plans caption").inner_text()
    manager.locator(f'a[href="#/plans/{own}"]').click()
    manager.get_by_label("Comment (kept with the decision)").fill("Too much at once.")
    manager.get_by_role("button", name="Reject").click()
    manager.get_by_text("Decided by Ingrid Halvorsen").wait_for()
    assert "rejected" in manager.get_by_role("status").first.inner_text()
    manager.goto(f"{server.url}/#/people/E013")
    approved = draft_plan(manager, "8", "5")
    manager.get_by_label("Comment (kept with the decision)").fill("Good plan; start with Spark.")
    manager.get_by_role("button", name="Approve").click()
    manager.get_by_text("Decided by Ingrid Halvorsen").wait_for()
    shot(manager, "plan-approved")
    manager.context.close()

    # Dana sees the approved plan and marks the first action done
    page.goto(f"{server.url}/#/plans")
    page.locator(f'a[href="#/plans/{approved}"]').click()
    page.get_by_role("group", name="Progress").wait_for()
    page.get_by_role("checkbox").first.check()
    page.locator("ol.timeline li.done").first.wait_for()
    assert api(server, "hr", "GET", f"/v1/plans/{own}")["status"] == "rejected"
    stored = api(server, "hr", "GET", f"/v1/plans/{approved}")
    # approved, then under way once an action is done
    assert stored["status"] == "in_progress" and stored["comment"] == "Good plan; start with Spark."
    assert (stored["weeks"], stored["hours_per_week"]) == (8, 5.0)
    assert stored["actions"][0]["done"] is True


def test_a_decision_on_a_plan_changed_meanwhile_is_explained(page: Any, server: Server) -> None:
    """The manager reads a draft; HR approves it meanwhile; the manager's Reject is not
    saved, and the page says what became of the plan and shows it as it is now."""
    plan = api(server, "hr", "POST", "/v1/plans", json={"employee_id": "E013", "weeks": 6})[
        "plan_id"
    ]
    sign_in(page, server, "manager", f"#/plans/{plan}")
    page.get_by_role("button", name="Reject").wait_for()
    api(server, "hr", "PATCH", f"/v1/plans/{plan}", json={"status": "approved", "comment": "ok"})
    page.get_by_label("Comment (kept with the decision)").fill("Too much at once.")
    page.get_by_role("button", name="Reject").click()
    alert = page.get_by_role("alert")
    alert.wait_for()
    assert "Not saved" in alert.inner_text() and "now approved" in alert.inner_text()
    assert page.get_by_role("button", name="Reject").count() == 0  # the plan as it is now
    assert api(server, "hr", "GET", f"/v1/plans/{plan}")["status"] == "approved"


def test_employee_is_blocked_from_a_colleagues_page(page: Any, server: Server) -> None:
    sign_in(page, server, "employee", "#/people/E004")
    page.get_by_role("heading", level=1, name="Not allowed").wait_for()
    assert page.get_by_role("alert").is_visible()
    assert page.get_by_text("Bob Lindqvist").count() == 0
    shot(page, "blocked")


def test_hr_uploads_a_job_description_and_corrects_what_was_inferred(
    page: Any, server: Server, tmp_path: Path
) -> None:
    jd = tmp_path / "observability-engineer.md"
    jd.write_text(
        "---\nrole_id: observability-engineer\ntitle: Observability Engineer\n"
        "department: IT\n---\n# Observability Engineer\n\n## Requirements\n"
        "- Expert Kubernetes operation in production\n"
        "- Strong Terraform and infrastructure as code\n"
        "- Solid Python for automation\n"
    )
    sign_in(page, server, "hr", "#/ingest")
    # the sample's role known only from its job description waits for review
    page.get_by_role("button", name="(11 inferred)").click()
    page.locator("section.review").wait_for()
    assert page.locator("section.review tbody tr").count() == 11
    page.get_by_label("Document (.md, .txt, .pdf, .docx)").set_input_files(str(jd))
    page.get_by_label("Kind").select_option("job_description")
    page.get_by_label("For which role or person").fill("observability-engineer")
    page.get_by_role("button", name="Upload").click()
    review = page.locator("section.review").first
    review.get_by_role(
        "heading", name="Inferred requirements for observability-engineer"
    ).wait_for()
    rows = review.locator("tbody tr")
    skills = [rows.nth(i).get_by_label("Skill for").input_value() for i in range(rows.count())]
    assert {"kubernetes", "terraform", "python"} <= set(skills), skills
    assert "Kubernetes" in review.locator("q.span").first.inner_text()
    shot(page, "ingest")
    # correct it: drop Python, set Kubernetes to level 5
    rows.nth(skills.index("python")).get_by_label("Keep the requirement").uncheck()
    rows.nth(skills.index("kubernetes")).get_by_label("Level for").fill("5")
    review.get_by_role("button", name="Accept requirements").click()
    review.get_by_text("Saved").wait_for()
    role = api(server, "hr", "GET", "/v1/roles/observability-engineer")
    by_skill = {r["skill_id"]: r for r in role["requirements"]}
    assert "python" not in by_skill and by_skill["kubernetes"]["level"] == 5
    assert not any(r["inferred"] for r in role["requirements"])
    # a framework export: all its files at once
    esco = Path(__file__).resolve().parents[1] / "fixtures" / "esco"
    page.get_by_label("Framework files (ESCO, O*NET or native CSV/YAML)").set_input_files(
        [str(p) for p in sorted(esco.iterdir())]
    )
    # past the threshold: a job, followed with a progress bar until it is done (the bar may
    # come and go within a second, so the page notes when it appears)
    page.evaluate(
        """() => new MutationObserver(() => {
             if (document.getElementById("job-progress")) window.sawProgress = true;
           }).observe(document.body, {childList: true, subtree: true})"""
    )
    page.get_by_role("button", name="Import framework").click()
    page.get_by_text("Framework imported (ESCO).").wait_for(timeout=60_000)
    assert page.evaluate("() => window.sawProgress === true")
    jobs = api(server, "hr", "GET", "/v1/jobs")["jobs"]
    assert jobs[0]["state"] == "succeeded" and jobs[0]["request"] == {"format": "esco"}


@pytest.fixture
def portal(server: Server, tmp_path: Path) -> Iterator[str]:
    """The example host page, served from another origin the server allows, with a real
    employee key."""
    source = Path(__file__).resolve().parents[2] / "web/static/examples/portal.html"
    html = (
        source.read_text()
        .replace("http://127.0.0.1:8000", server.url)
        .replace('data-key="PASTE_A_KEY"', f'data-key="{server.keys["employee"]}"')
    )
    (tmp_path / "index.html").write_text(html)
    with host_site(tmp_path, PORTAL_PORT) as origin:  # a site TALENT_EMBED_ORIGINS names
        yield f"{origin}/index.html"


def test_widget_puts_the_chat_into_a_portal_page(page: Any, server: Server, portal: str) -> None:
    page.goto(portal)
    page.get_by_role("button", name="Ask about skills").click()
    frame = page.frame_locator("#talent-insights-panel iframe")
    frame.get_by_text("Dana Okafor").first.wait_for()  # signed in by postMessage
    frame.get_by_label("Your question").fill("What are my gaps for Senior Data Engineer?")
    frame.get_by_role("button", name="Ask").click()
    frame.locator(".citations").wait_for()
    assert "58%" in frame.locator(".answer-text").inner_text()
    shot(page, "widget")
    # the key never travels in a URL
    assert not any(server.keys["employee"] in url for url in page.requests)


def test_phone_width_keyboard_and_labels(page: Any, server: Server) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, server, "manager", "#/people/E013")
    page.locator("table.gaps").first.wait_for()
    # nothing wider than the phone's screen except inside scrollable regions
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    shot(page, "phone-person")
    # every form control has an accessible name
    unnamed = page.evaluate(
        """[...document.querySelectorAll('input, select, textarea')]
             .filter(el => !el.labels?.length && !el.getAttribute('aria-label'))
             .map(el => el.outerHTML)"""
    )
    assert unnamed == []
    # keyboard only: the skip link comes first; Enter in the question box asks
    page.goto(f"{server.url}/#/chat")
    page.reload()
    page.locator("#chat-input").wait_for()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to content"
    page.locator("#chat-input").focus()
    page.keyboard.type("Who can mentor Dana Okafor in Python?")
    page.keyboard.press("Enter")
    page.locator(".provenance").wait_for()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


# WCAG AA contrast of every visible text (tests/e2e/contrast.js).
CONTRAST = (Path(__file__).parent / "contrast.js").read_text()


def test_text_contrast_meets_wcag_aa(page: Any, server: Server) -> None:
    sign_in(page, server, "manager")
    page.get_by_label("Your question").fill("What does Dana Okafor lack for Senior Data Engineer?")
    page.get_by_role("button", name="Ask").click()
    page.locator("table.gaps").wait_for()
    screens = {"chat": page.evaluate(CONTRAST)}
    page.goto(f"{server.url}/#/teams/Data/heatmap")
    page.locator("table.heatmap").wait_for()
    screens["heatmap"] = page.evaluate(CONTRAST)
    page.goto(f"{server.url}/#/plans")
    page.locator("table.plans").wait_for()
    screens["plans"] = page.evaluate(CONTRAST)
    assert screens == {"chat": [], "heatmap": [], "plans": []}
    # the check itself catches pale text
    page.evaluate(
        "() => { const p = document.createElement('p'); p.textContent = 'pale text';"
        " p.style.color = '#bbbbbb'; document.querySelector('main').append(p); }"
    )
    assert page.evaluate(CONTRAST) == ["pale text: 1.92"]


@pytest.mark.parametrize("role", list(WHO))
def test_every_suggestion_clicked_is_answered(page: Any, server: Server, role: str) -> None:
    """Each suggestion fits the caller and, clicked and asked, is answered by the assistant:
    not refused, not "name the person", and drawn as tables, never as raw JSON."""
    sign_in(page, server, role)
    examples = page.locator(".intro .examples button")
    examples.first.wait_for()
    shown = examples.all_inner_texts()
    offered = api(server, role, "GET", "/v1/suggestions")["suggestions"]
    assert shown == [s["question"] for s in offered] and shown
    if role in ("hr", "admin"):
        assert not any(" my " in f" {q} " or q.endswith(" me") for q in shown), shown
    for n, question in enumerate(shown):
        page.get_by_role("button", name="New conversation").click()
        page.locator(".intro .examples button").nth(n).click()
        assert page.get_by_label("Your question").input_value() == question
        page.get_by_role("button", name="Ask").click()
        turn = page.locator("article.turn").last
        turn.locator(".provenance").wait_for()
        text = turn.locator(".answer-text").inner_text()
        assert turn.locator(".badge.bad", has_text="refused").count() == 0, (question, text)
        assert "Name the person" not in text and "see data" not in text, (question, text)
        assert turn.locator(".raw-data").is_hidden()  # JSON only for developers


def test_developer_view_shows_raw_data_only_when_switched_on(page: Any, server: Server) -> None:
    sign_in(page, server, "hr")
    page.get_by_label("Your question").fill("Who are our Kubernetes experts?")
    page.get_by_role("button", name="Ask").click()
    turn = page.locator("article.turn").last
    turn.locator("table.experts").wait_for()
    assert turn.locator(".raw-data").is_hidden()
    page.get_by_label("Developer view (raw data)").check()
    assert turn.locator(".raw-data").is_visible()


def test_mentors_on_the_person_page_agree_with_chat(page: Any, server: Server) -> None:
    """Dana needs Apache Spark 4 for Senior Data Engineer; chat and her page name the same
    mentors (hand-read from data/sample: Ingrid Halvorsen, Lars Eriksen, Anders Johansson,
    each at 4)."""
    sign_in(page, server, "hr", "#/people/E013?role=senior-data-engineer")
    mentors = page.locator("table.gap-mentors")
    mentors.wait_for()
    spark = mentors.locator("tbody tr", has_text="Apache Spark").inner_text()
    on_page = {n for n in ("Ingrid Halvorsen", "Lars Eriksen", "Anders Johansson") if n in spark}
    assert on_page == {"Ingrid Halvorsen", "Lars Eriksen", "Anders Johansson"}
    page.goto(f"{server.url}/#/chat")
    page.get_by_label("Your question").fill("Who could mentor Dana Okafor in Spark?")
    page.get_by_role("button", name="Ask").click()
    answer = page.locator("article.turn").last
    answer.locator("table.mentors").wait_for()
    in_chat = answer.locator("table.mentors tbody").inner_text()
    assert {n for n in on_page if n in in_chat} == on_page


def test_close_readings_are_offered_as_buttons(page: Any, clarifying_server: Server) -> None:
    sign_in(page, clarifying_server, "hr")
    page.get_by_label("Your question").fill("Tell me about Dana Okafor")
    page.get_by_role("button", name="Ask").click()
    choices = page.get_by_role("group", name="Which did you mean?").get_by_role("button")
    choices.first.wait_for()
    assert choices.count() == 2
    choices.first.click()  # asks the same question again, as that reading
    second = page.locator("article.turn").nth(1)
    second.get_by_role("group", name="Sources").wait_for()
    assert "Dana Okafor" in second.locator(".answer-text").inner_text()
    assert second.get_by_role("group", name="Which did you mean?").count() == 0


def test_hr_filters_the_people_list_on_the_server(page: Any, server: Server) -> None:
    sign_in(page, server, "hr", "#/people")
    page.get_by_text("66 people you may see").wait_for()
    page.get_by_label("Filter").fill("okafor")
    page.get_by_text("1 person you may see").wait_for()
    rows = page.locator("table tbody tr")
    assert rows.count() == 1 and "Dana Okafor" in rows.first.inner_text()
    assert page.get_by_role("button", name="Show more").is_hidden()
