"""The sample organisation shipped in data/sample loads and has what the README promises."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from ingest.native_folder import load_folder
from storage.store import Store


def test_sample_org_loads_and_meets_the_brief(store: Store, sample_folder: Path) -> None:
    report = load_folder(store, sample_folder)
    assert report.warnings == []
    counts = store.counts()
    assert counts["skills"] >= 40
    assert counts["roles"] >= 12
    assert counts["employees"] >= 60
    assert counts["learning_resources"] >= 40
    skills = store.skills()
    ai = {s.skill_id for s in skills if s.category == "AI"}
    assert {
        "machine-learning",
        "mlops",
        "prompt-engineering",
        "llm-app-dev",
        "ai-governance",
        "data-literacy",
    } <= ai
    types = Counter(r.type.value for r in store.resources())
    assert set(types) == {
        "course",
        "certification",
        "workshop",
        "on_the_job",
        "mentoring",
        "coaching",
        "reading",
    }
    employees = store.employees()
    assert {e.department for e in employees} == {"IT", "HR"}
    teams = {e.team for e in employees}
    assert {"Platform", "Data", "ML", "Security", "Service Desk"} <= teams
    assert {
        "HR Business Partners",
        "Talent Acquisition",
        "People Analytics",
        "Learning & Development",
    } <= teams
    sources = Counter(a.source.value for a in store.assertions())
    assert len(sources) == 5
    roles = {r.role_id: r for r in store.roles()}
    assert sum(1 for r in roles.values() if store.job_description(r.role_id)) >= 12


def test_sample_org_reload_is_idempotent(store: Store, sample_folder: Path) -> None:
    load_folder(store, sample_folder)
    before = store.counts()
    report = load_folder(store, sample_folder)
    assert not report.changed
    assert store.counts() == before


def test_sample_scale_rows_were_mapped(store: Store, sample_folder: Path) -> None:
    load_folder(store, sample_folder)
    # Hand-read from employee_skills.csv lines 187, 309, 350, 444.
    levels = {
        (a.employee_id, a.skill_id): a.level
        for a in store.assertions(["E025", "E042", "E048", "E061"])
    }
    assert levels[("E025", "cloud-security")] == 4  # SFIA 5
    assert levels[("E042", "employee-relations")] == 4  # 75 %
    assert levels[("E048", "interviewing")] == 4  # O*NET 5 -> 3.57
    assert levels[("E061", "learning-design")] == 5  # SFIA 6
