"""The endpoints the web app needs (/v1/me, /v1/teams, team advice, reviewed requirements)
and the pages it is served from."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.support.servers import auth


def test_pages_are_served_with_a_strict_policy(client: TestClient) -> None:
    index = client.get("/")
    assert (
        index.status_code == 200 and '<script type="module" src="/static/js/app.js">' in index.text
    )
    policy = index.headers["content-security-policy"]
    assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy
    embed = client.get("/embed")
    # only sites named in TALENT_EMBED_ORIGINS may frame it: none here
    assert "frame-ancestors 'none'" in embed.headers["content-security-policy"]
    widget = client.get("/widget.js")
    assert widget.headers["content-type"].startswith("text/javascript")
    assert "TalentInsights" in widget.text
    assert client.get("/static/js/chat.js").status_code == 200
    assert client.get("/static/../api/main.py").status_code == 404
    # the icon browsers ask for on every page is there (no 404 in every access log)
    icon = client.get("/favicon.ico")
    assert icon.status_code == 200 and icon.headers["content-type"] == "image/svg+xml"


def test_me_says_who_the_key_speaks_for(client: TestClient, keys: dict[str, str]) -> None:
    manager = client.get("/v1/me", headers=auth(keys["manager"])).json()
    assert manager["role"] == "manager" and manager["name"] == "Ingrid Halvorsen"
    assert manager["key_name"] == "test-ingrid" and manager["reports"] > 0
    hr = client.get("/v1/me", headers=auth(keys["hr"])).json()
    assert (hr["role"], hr["employee_id"], hr["name"]) == ("hr", None, None)
    assert client.get("/v1/me").status_code == 401


def test_teams_list_by_role(client: TestClient, keys: dict[str, str]) -> None:
    everyone = client.get("/v1/teams", headers=auth(keys["hr"])).json()["teams"]
    data = next(t for t in everyone if t["team"] == "Data")
    assert data == {"team": "Data", "department": "IT", "size": 10, "below_min_group": False}
    mine = {
        t["team"] for t in client.get("/v1/teams", headers=auth(keys["manager"])).json()["teams"]
    }
    assert "Data" in mine and len(mine) < len(everyone)
    assert client.get("/v1/teams", headers=auth(keys["employee"])).status_code == 403


def test_team_advice_names_people_for_hr_only(client: TestClient, keys: dict[str, str]) -> None:
    hr = client.get("/v1/teams/Data/advice", headers=auth(keys["hr"])).json()
    spark = next(s for s in hr["skills"] if s["skill_id"] == "apache-spark")
    assert spark["borrowable"] == len(spark["borrowable_ids"]) > 0
    manager = client.get("/v1/teams/Data/advice", headers=auth(keys["manager"])).json()
    spark = next(s for s in manager["skills"] if s["skill_id"] == "apache-spark")
    assert spark["borrowable"] > 0 and spark["borrowable_ids"] == []  # outside her reports
    assert client.get("/v1/teams/Data/advice", headers=auth(keys["employee"])).status_code == 403


def test_reviewed_requirements_replace_inferred_ones(
    client: TestClient, keys: dict[str, str]
) -> None:
    body = {
        "requirements": [
            {"skill_id": "kubernetes", "level": 5, "importance": 5, "evidence": "Expert k8s"},
            {"skill_id": "terraform", "level": 4},
        ]
    }
    path = "/v1/roles/site-reliability-engineer/requirements"
    assert client.put(path, json=body, headers=auth(keys["manager"])).status_code == 403
    role = client.put(path, json=body, headers=auth(keys["hr"])).json()
    assert {(r["skill_id"], r["level"], r["inferred"]) for r in role["requirements"]} == {
        ("kubernetes", 5, False),
        ("terraform", 4, False),
    }
    bad = client.put(
        path,
        json={"requirements": [{"skill_id": "juggling", "level": 2}]},
        headers=auth(keys["hr"]),
    )
    assert bad.status_code == 400 and "juggling" in bad.json()["detail"]
    twice = {
        "requirements": [{"skill_id": "python", "level": 2}, {"skill_id": "python", "level": 3}]
    }
    assert client.put(path, json=twice, headers=auth(keys["hr"])).status_code == 400
    # nothing was lost by the refused requests
    kept = client.get("/v1/roles/site-reliability-engineer", headers=auth(keys["hr"])).json()
    assert {r["skill_id"] for r in kept["requirements"]} == {"kubernetes", "terraform"}


def test_embed_origins_restrict_who_may_frame_the_chat(tmp_path: object) -> None:
    from api.main import create_app
    from core.settings import Settings

    app = create_app(
        Settings(home=tmp_path, embedder="hash", embed_origins=["https://intranet.example"])
    )  # type: ignore[arg-type]
    with TestClient(app) as client:
        policy = client.get("/embed").headers["content-security-policy"]
    assert "frame-ancestors https://intranet.example" in policy


def test_framework_upload(client: TestClient, keys: dict[str, str]) -> None:
    from pathlib import Path

    esco = Path(__file__).resolve().parents[1] / "fixtures" / "esco"
    files = [("files", (p.name, p.read_bytes(), "text/csv")) for p in sorted(esco.iterdir())]
    assert (
        client.post("/v1/frameworks", files=files, headers=auth(keys["manager"])).status_code == 403
    )
    before = client.get("/v1/skills", headers=auth(keys["hr"])).json()["skills"]
    done = client.post("/v1/frameworks", files=files, headers=auth(keys["hr"]))
    assert done.status_code == 201, done.text
    report = done.json()
    assert report["format"] == "esco" and report["counts"]["skills"]["inserted"] > 0
    after = client.get("/v1/skills", headers=auth(keys["hr"])).json()["skills"]
    assert len(after) == len(before) + report["counts"]["skills"]["inserted"]
    # a bad row: named by file, line and field; nothing written
    bad = [("files", ("skills.csv", b"skill_id,name,category\nx-1,,Data\n", "text/csv"))]
    refused = client.post("/v1/frameworks", files=bad, headers=auth(keys["hr"]))
    assert refused.status_code in (400, 422)
    detail = refused.json()["detail"]
    assert "skills.csv" in detail and "line 2" in detail and "/tmp" not in detail
    assert len(client.get("/v1/skills", headers=auth(keys["hr"])).json()["skills"]) == len(after)
    unknown = [("files", ("notes.txt", b"hello", "text/plain"))]
    assert (
        "no framework recognised"
        in client.post("/v1/frameworks", files=unknown, headers=auth(keys["hr"])).json()["detail"]
    )


def test_api_docs_pages_load_nothing_from_a_cdn(client: TestClient) -> None:
    import re

    for page in ("/docs", "/redoc"):
        html = client.get(page).text
        assets = re.findall(r"""(?:src|href)=["']([^"']+)["']""", html)
        assert assets and not [a for a in assets if a.startswith(("http:", "https:", "//"))]
        for asset in assets:
            assert client.get(asset).status_code == 200, asset
