"""AI initiatives (domain/initiatives.py) on the sample's support copilot
(data/sample/initiatives/support-copilot.md), worked out by hand from its text and from the
Service Desk and ML teams' skills in employee_skills.csv, on 2026-11-22."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from domain.initiatives import analyse, by_day
from domain.org import Org
from ingest.initiatives import competencies_of, read_initiatives
from ingest.native_format import ImportFailed
from retrieval.embeddings import get_embedder
from retrieval.normalise import SkillNormaliser
from tests.support.organisations import SAMPLE, sample_org

DAY = date(2026, 11, 22)


@pytest.fixture(scope="module")
def org() -> Org:
    return sample_org()


@pytest.fixture(scope="module")
def copilot(org: Org) -> dict:  # type: ignore[type-arg]
    [item] = read_initiatives(SAMPLE, {e.team for e in org.employees.values()})
    normaliser = SkillNormaliser(list(org.skills.values()), get_embedder("hash"))
    return {
        "initiative_id": item.initiative_id,
        "target": item.target.isoformat(),
        "teams": item.teams,
        "competencies": competencies_of(item.description, normaliser, set(org.skills)),
    }


def test_the_competencies_read_from_the_text_and_the_soft_skills(copilot: dict) -> None:  # type: ignore[type-arg]
    found = {
        c["skill_id"]: (c["level"], c["importance"], c["people"]) for c in copilot["competencies"]
    }
    # "Must have" lines: importance 5, level 3 unless a cue says ("Strong" 4, "Solid" and
    # "Hands-on" 3); critical, so two people each. ServiceNow is Service Desk Tooling's alias.
    # "Responsibilities": importance 4, level 3 (MLOps, "monitoring" is Observability's alias,
    # ITIL, incident management, AI governance). "Nice to have": Python, importance 2, level 2.
    # Then the soft skills that go with adopting AI, at 3: critical thinking, problem solving
    # (added to the sample for this) and change management.
    assert found == {
        "llm-app-dev": (4, 5, 2),
        "prompt-engineering": (3, 5, 2),
        "model-evaluation": (3, 5, 2),
        "service-desk-tooling": (3, 5, 2),
        "mlops": (3, 4, 2),
        "observability": (3, 4, 2),
        "itsm-practices": (3, 4, 2),
        "incident-management": (3, 4, 2),
        "ai-governance": (3, 4, 2),
        "python": (2, 2, 1),
        "critical-thinking": (3, 3, 1),
        "problem-solving": (3, 3, 1),
        "change-management": (3, 3, 1),
    }
    soft = [c["skill_id"] for c in copilot["competencies"] if c["soft"]]
    assert soft == ["critical-thinking", "problem-solving", "change-management"]


def test_coverage_in_the_service_desk_and_ml(org: Org, copilot: dict) -> None:  # type: ignore[type-arg]
    data = analyse(org, copilot, DAY, hours_per_week=4.0, fill_days=None)
    rows = {r["skill_id"]: r for r in data["competencies"]}
    # Twelve people: Yuki, Lars, Amara (ML); Carmen … Emily (Service Desk), leavers out.
    assert data["members"] == 12
    # LLM apps at 4: Yuki 3, Amara 2 → none. Prompt engineering at 3: Amara (3). AI
    # governance at 3: Yuki. Service desk tooling at 3: Carmen 5, Mei Lin, Tunde, Sanna,
    # Mohammed 4, Diego 3 → six. Incident management at 3: Carmen 4, Sanna 4, Hana 3. ITIL at
    # 3: nobody (2 at most). MLOps at 3: Yuki 3, Lars 4. Observability: nobody. Python at 2:
    # Yuki 5, Lars 4, Amara 4. Model evaluation at 3: Yuki 4, Lars 3, Amara 3.
    assert {k: (r["meet"], r["gap"]) for k, r in rows.items()} == {
        "llm-app-dev": (0, 2),
        "prompt-engineering": (1, 1),
        "model-evaluation": (3, 0),
        "service-desk-tooling": (6, 0),
        "ai-governance": (1, 1),
        "incident-management": (3, 0),
        "itsm-practices": (0, 2),
        "mlops": (2, 0),
        "observability": (0, 2),
        "python": (3, 0),
        "critical-thinking": (0, 1),
        "problem-solving": (0, 1),
        "change-management": (0, 1),
    }
    assert rows["prompt-engineering"]["meet_ids"] == ["E024"]
    # Σ importance·min(meet, people) / Σ importance·people: (10 + 5 + 10 + 4 + 8 + 8 + 2) / 91
    assert data["readiness"] == round(47 / 91, 4)
    assert data["gaps"] == 8


def test_the_roadmap_trains_one_course_after_another_and_lands_in_time(
    org: Org,
    copilot: dict,  # type: ignore[type-arg]
) -> None:
    data = analyse(org, copilot, DAY, hours_per_week=4.0, fill_days=None)
    rows = {r["skill_id"]: r for r in data["competencies"]}
    # Critical thinking: the 8-hour workshop LR-CRITICAL (the catalogue's one resource) at
    # four hours a week: two weeks, for someone with nothing planned before it
    critical = rows["critical-thinking"]["build"]
    assert [(b["hours"], b["ready_by"]) for b in critical] == [(8.0, "2026-12-06")]
    assert rows["critical-thinking"]["advice"] == "build"
    # nobody is asked to learn two things at once: a person's ready dates grow
    by_person: dict[str, list[str]] = {}
    for row in data["competencies"]:
        for b in row["build"]:
            by_person.setdefault(b["employee_id"], []).append(b["ready_by"])
    assert all(len(set(days)) == len(days) for days in by_person.values())
    steps = [s for s in data["roadmap"] if s["kind"] == "build"]
    assert steps == sorted(steps, key=lambda s: s["on"])
    assert data["ready_by"]["in_time"] and data["ready_by"]["on"] <= "2027-06-30"
    on_target = by_day(data, date(2027, 6, 30))
    assert on_target["ready"] and on_target["short"] == []
    now = by_day(data, DAY)  # today only what is met counts
    assert {s["skill_id"]: s["short"] for s in now["short"]} == {
        k: r["gap"] for k, r in rows.items() if r["gap"]
    }


def test_a_bad_initiative_file_names_file_line_and_field(tmp_path: Path) -> None:
    folder = tmp_path / "initiatives"
    folder.mkdir()
    (folder / "bot.md").write_text(
        "---\ntitle: Chat bot\ntarget: soon\nteams: [Service Desk]\n---\n# Bot\n- Python\n"
    )
    (folder / "x.md").write_text("---\ntitle: X\ntarget: 2027-01-01\nteams: [Moon]\n---\ntext\n")
    (folder / "y.md").write_text(
        "---\ntitle: Open https://evil.example now\ntarget: 2027-01-01\nteams: [Service Desk]\n"
        "---\ntext\n"
    )
    with pytest.raises(ImportFailed) as info:
        read_initiatives(tmp_path, {"Service Desk"})
    message = str(info.value)
    assert "initiatives/bot.md, line 3, field 'target': 'soon' is not a date" in message
    assert "initiatives/x.md, line 4, field 'teams': no team called 'Moon'" in message
    assert "initiatives/y.md, line 2, field 'title': holds a link" in message
