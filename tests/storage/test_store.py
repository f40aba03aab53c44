"""The store on real SQLite: transactional, idempotent loads of native folders; updates in
place; partial folders; replace; erasure."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from core.errors import NotFoundError
from ingest.native_folder import load_folder
from storage import schema
from storage.store import Store
from tests.support.organisations import sample_services


def dump(store: Store) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, ids excluded, in a stable order."""
    out = {}
    with store.engine.connect() as conn:
        for table in schema.metadata.sorted_tables:
            columns = [c for c in table.c if c.name != "id"]
            rows = conn.execute(select(*columns)).all()
            out[table.name] = sorted(tuple(repr(v) for v in r) for r in rows)
    return out


def test_mini_org_loads_with_aliases_and_scales_resolved(store: Store, mini_folder: Path) -> None:
    report = load_folder(store, mini_folder)
    assert store.counts() == {
        "skills": 5,
        "roles": 3,  # two declared + ml-engineer known only from its job description
        "role_requirements": 5,
        "employees": 4,
        "skill_assertions": 8,
        "learning_resources": 3,
        "resource_skills": 3,
        "vacancies": 0,  # the mini org has no history
        "employment_events": 0,
    }
    assert report.counts["employees"].inserted == 4
    roles = {r.role_id: r for r in store.roles()}
    assert {(q.skill_id, q.level, q.importance) for q in roles["data-engineer"].requirements} == {
        ("python", 3, 5),
        ("apache-spark", 3, 4),  # given as "Spark"
        ("kubernetes", 2, 2),  # given as "k8s"
    }
    assert roles["ml-engineer"].title == "ML Engineer"
    assert roles["ml-engineer"].requirements == ()
    assert "Spark" in store.job_description("data-engineer")
    levels = {(a.employee_id, a.skill_id, a.source.value): a.level for a in store.assertions()}
    assert levels[("E3", "python", "peer")] == 3  # "py" alias
    assert levels[("E3", "apache-spark", "assessment")] == 4  # SFIA 5 -> 4
    assert levels[("E4", "kubernetes", "certification")] == 4  # 75 % -> 4
    assert levels[("E2", "apache-spark", "manager")] == 2  # "PySpark"
    resources = {r.resource_id: r for r in store.resources()}
    assert resources["LR-PY-2"].prerequisites == ("LR-PY-1",)
    assert resources["LR-PY-2"].internal is True  # "yes"
    assert [(s.skill_id, s.level) for s in resources["LR-SPARK"].skills] == [("apache-spark", 4)]
    skills = {s.skill_id: s for s in store.skills()}
    assert skills["kubernetes"].aliases == ("k8s", "K8s administration")
    assert skills["python"].level_descriptors[3] == "Writes production code"
    assert report.warnings == []


def test_reloading_the_same_folder_changes_nothing(store: Store, mini_folder: Path) -> None:
    load_folder(store, mini_folder)
    before = dump(store)
    report = load_folder(store, mini_folder)
    assert not report.changed
    assert all(c.inserted == c.updated == c.deleted == 0 for c in report.counts.values())
    assert dump(store) == before


def test_changed_rows_are_updated_in_place(store: Store, mini_folder: Path) -> None:
    load_folder(store, mini_folder)
    employees = mini_folder / "employees.csv"
    employees.write_text(
        employees.read_text().replace(
            "Data,data-engineer,E1,2022-01-10", "ML,data-engineer,E1,2022-01-10"
        )
    )
    skills = mini_folder / "employee_skills.csv"
    skills.write_text(skills.read_text().replace("E3,py,3,peer", "E3,py,4,peer"))
    report = load_folder(store, mini_folder)
    assert report.counts["employees"].updated == 1
    assert report.counts["employees"].unchanged == 3
    assert report.counts["skill_assertions"].updated == 1
    assert report.counts["skill_assertions"].inserted == 0
    assert {e.employee_id: e.team for e in store.employees()}["E3"] == "ML"
    levels = {(a.employee_id, a.skill_id, a.source.value): a.level for a in store.assertions()}
    assert levels[("E3", "python", "peer")] == 4
    assert store.counts()["skill_assertions"] == 8


def test_requirements_follow_the_file(store: Store, mini_folder: Path) -> None:
    load_folder(store, mini_folder)
    roles = mini_folder / "roles.yaml"
    roles.write_text(roles.read_text().replace("    - {skill: k8s, level: 2, importance: 2}\n", ""))
    report = load_folder(store, mini_folder)
    assert report.counts["role_requirements"].deleted == 1
    data_engineer = {r.role_id: r for r in store.roles()}["data-engineer"]
    assert {q.skill_id for q in data_engineer.requirements} == {"python", "apache-spark"}


def test_a_framework_alone_is_a_valid_folder(
    store: Store, mini_folder: Path, tmp_path: Path
) -> None:
    framework = tmp_path / "framework"
    framework.mkdir()
    (framework / "skills.csv").write_text((mini_folder / "skills.csv").read_text())
    load_folder(store, framework)
    assert store.counts()["skills"] == 5
    assert store.counts()["employees"] == 0


def test_partial_folder_resolves_references_against_the_store(
    store: Store, mini_folder: Path, tmp_path: Path
) -> None:
    load_folder(store, mini_folder)
    extra = tmp_path / "extra"
    extra.mkdir()
    (extra / "employee_skills.csv").write_text(
        "employee_id,skill,level,source,assessed_on\nE4,Machine Learning,1,self,2026-01-01\n"
    )
    report = load_folder(store, extra)
    assert report.counts == {"skill_assertions": report.counts["skill_assertions"]}
    assert report.counts["skill_assertions"].inserted == 1
    assert store.counts()["skill_assertions"] == 9  # nothing else was touched


def test_replace_deletes_what_the_folder_no_longer_has(store: Store, mini_folder: Path) -> None:
    load_folder(store, mini_folder)
    employees = mini_folder / "employees.csv"
    employees.write_text("\n".join(employees.read_text().splitlines()[:-1]) + "\n")  # drop E4
    skills = mini_folder / "employee_skills.csv"
    skills.write_text(
        "\n".join(line for line in skills.read_text().splitlines() if not line.startswith("E4"))
        + "\n"
    )
    load_folder(store, mini_folder)  # without --replace nothing is deleted
    assert store.counts()["employees"] == 4
    report = load_folder(store, mini_folder, replace=True)
    assert report.counts["employees"].deleted == 1
    assert report.counts["skill_assertions"].deleted == 0  # E4's went with E4 (cascade)
    assert "E4" not in {e.employee_id for e in store.employees()}
    assert all(a.employee_id != "E4" for a in store.assertions())
    assert store.counts()["skills"] == 5  # kinds are synced, not wiped


def test_forget_employee_erases_person_and_assertions(store: Store, mini_folder: Path) -> None:
    load_folder(store, mini_folder)
    store.forget_employee("E1")
    employees = {e.employee_id: e for e in store.employees()}
    assert "E1" not in employees
    assert employees["E2"].manager_id is None  # their report stays, unlinked
    assert all(a.employee_id != "E1" for a in store.assertions())


def test_erasure_reaches_every_repository(tmp_path: Path) -> None:
    """Erasing a mentor: their keys are revoked, other people's plans keep the mentoring
    action with nobody named, and conversations that mention them are gone."""
    services = sample_services(tmp_path)
    store = services.store
    draft = services.insights().plan("E013", "senior-data-engineer")
    plan = store.plans.save_draft(draft, created_by="test")
    mentored = [a for a in plan["actions"] + plan["next_horizon"] if a["mentor_id"]]
    assert mentored, "the sample plan proposes a mentor"
    mentor = mentored[0]["mentor_id"]
    key = store.keys.create("employee", mentor, "mentor-key")["key"]
    conversation, _ = store.conversations.load(None, "hr:someone")
    store.conversations.save(conversation, "hr:someone", {"last": {"person": mentor}})

    store.forget_employee(mentor)

    assert store.keys.verify(key) is None
    after = store.plans.get(plan["plan_id"])
    remaining = after["actions"] + after["next_horizon"]
    assert all(a["mentor_id"] != mentor for a in remaining)
    assert len(remaining) == len(plan["actions"] + plan["next_horizon"])
    was_theirs = [
        new
        for old, new in zip(plan["actions"] + plan["next_horizon"], remaining, strict=True)
        if old["mentor_id"] == mentor
    ]
    assert was_theirs and all(a["mentor_id"] is None for a in was_theirs)
    assert all(" with " not in a["title"] and "no longer" in a["reason"] for a in was_theirs)
    with pytest.raises(NotFoundError):  # the conversation that named them is gone
        store.conversations.load(conversation, "hr:someone")


def test_the_store_runs_on_the_database_under_test(store: Store, database: str) -> None:
    assert store.engine.dialect.name == database
