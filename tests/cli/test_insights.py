"""The analytics CLI with --json over the sample org and the real SQLite store.

Expectations are read by hand from data/sample (see data/sample/README.md)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cli.main import app

runner = CliRunner()


@pytest.fixture
def loaded(sample_folder: Path, monkeypatch: pytest.MonkeyPatch, settings) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("TALENT_AS_OF", "2026-11-22")
    from core.settings import get_settings

    get_settings.cache_clear()
    assert runner.invoke(app, ["load", str(sample_folder)]).exit_code == 0


def run_json(*args: str) -> dict:  # type: ignore[type-arg]
    result = runner.invoke(app, [*args, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_gaps_json_contract(loaded: None) -> None:
    data = run_json("gaps", "--employee", "Dana Okafor", "--role", "Senior Data Engineer")
    assert {"employee_id", "role_id", "readiness", "gaps", "strengths"} <= set(data)
    assert (data["employee_id"], data["role_id"]) == ("E013", "senior-data-engineer")
    spark = next(g for g in data["gaps"] if g["skill_id"] == "apache-spark")
    # employee_skills.csv: E013 apache-spark 2 assessment 2025-05-20; roles.yaml: level 4, imp 5
    assert {
        k: spark[k]
        for k in (
            "required",
            "current",
            "gap",
            "importance",
            "priority",
            "source",
            "assessed_on",
            "stale",
        )
    } == {
        "required": 4,
        "current": 2,
        "gap": 2,
        "importance": 5,
        "priority": 10,
        "source": "assessment",
        "assessed_on": "2025-05-20",
        "stale": False,
    }
    assert data["gaps"][0]["skill_id"] == "apache-spark"  # the highest priority
    assert 0 < data["readiness"] < 1


def test_conflicting_sources_in_the_sample(loaded: None) -> None:
    data = run_json("gaps", "--employee", "E018", "--role", "data-scientist")
    python = next(
        r for r in data["gaps"] + data["met"] + data["strengths"] if r["skill_id"] == "python"
    )
    assert (python["current"], python["source"], python["stale"]) == (2, "assessment", True)


def test_mentors_prefer_other_teams(loaded: None) -> None:
    data = run_json("mentors", "--skill", "Spark", "--level", "3", "--for", "dana")
    ids = [m["employee_id"] for m in data["mentors"]]
    assert set(ids) == {"E012", "E023", "E055"}
    assert ids[-1] == "E012"  # Dana's own team comes last
    assert {"employee_id", "name", "level", "team", "department"} <= set(data["mentors"][0])


def test_team_view_finds_the_terraform_single_point_of_failure(loaded: None) -> None:
    data = run_json("team-gaps", "--team", "Platform")
    terraform = next(s for s in data["skills"] if s["skill_id"] == "terraform")
    assert terraform["single_point_of_failure"] and terraform["single_expert_id"] == "E003"
    ai = run_json("team-gaps", "--team", "Platform", "--ai")
    assert {s["category"] for s in ai["skills"]} == {"AI"}
    assert ai["readiness"] < 0.5
    small = runner.invoke(app, ["team-gaps", "--team", "ML", "--json"])
    assert small.exit_code == 2 and "at least 5" in small.output


def test_candidates_exclude_the_holder(loaded: None) -> None:
    data = run_json("candidates", "--role", "ml-engineer", "--limit", "66")
    ids = [c["employee_id"] for c in data["candidates"]]
    assert "E023" not in ids and len(ids) == 65
    readiness = [c["readiness"] for c in data["candidates"]]
    assert readiness == sorted(readiness, reverse=True)
    assert {"employee_id", "name", "readiness", "top_gaps"} <= set(data["candidates"][0])


def test_plan_approval_workflow(loaded: None) -> None:
    plan = run_json(
        "plan",
        "--employee",
        "Dana Okafor",
        "--role",
        "senior-data-engineer",
        "--weeks",
        "26",
        "--hours-per-week",
        "4",
    )
    assert plan["status"] == "draft" and plan["plan_id"].startswith("PLAN-")
    assert {"plan_id", "employee_id", "role_id", "status", "actions", "next_horizon"} <= set(plan)
    assert sum(a["hours"] for a in plan["actions"]) <= 26 * 4
    assert {
        "skill_id",
        "kind",
        "resource_id",
        "mentor_id",
        "hours",
        "week_start",
        "week_end",
        "closes_gap_to",
    } <= set(plan["actions"][0])
    plan_id = plan["plan_id"]
    bad = runner.invoke(app, ["plans", "done", plan_id, "0"])
    assert bad.exit_code == 2 and "only an approved plan" in bad.output
    approved = run_json("plans", "approve", plan_id, "--by", "Ingrid Halvorsen", "--comment", "ok")
    assert (approved["status"], approved["decided_by"]) == ("approved", "Ingrid Halvorsen")
    again = runner.invoke(app, ["plans", "approve", plan_id, "--by", "someone"])
    assert (
        again.exit_code == 2 and "the plan is approved; it cannot become approved" in again.output
    )
    progressed = run_json("plans", "done", plan_id, "0")
    assert progressed["status"] == "in_progress" and progressed["actions"][0]["done"] is True
    shown = run_json("plans", "show", plan_id)
    first = plan["actions"][0]
    remaining = {g["skill_id"]: g for g in shown["remaining_gaps"]}
    assert remaining[first["skill_id"]]["current"] >= first["closes_gap_to"]
    for index in range(1, len(plan["actions"])):
        run_json("plans", "done", plan_id, str(index))
    assert run_json("plans", "show", plan_id)["status"] == "completed"
    listed = run_json("plans", "list", "--employee", "E013")
    assert [p["plan_id"] for p in listed["plans"]] == [plan_id]


def test_scenario_file(loaded: None, tmp_path: Path) -> None:
    spec = tmp_path / "scenario.yaml"
    spec.write_text(
        "readiness_threshold: 0.7\nhours_per_week: 6\n"
        "demand:\n  - {role: ml-engineer, headcount: 4, by: 2027-11-30}\n"
    )
    data = run_json("scenario", str(spec))
    demand = data["demand"][0]
    assert demand["headcount"] == 4 and demand["build"] + demand["buy"] == 4
    assert all(c["weeks_needed"] <= demand["weeks_available"] for c in demand["candidates"])
    bad = tmp_path / "bad.yaml"
    bad.write_text("demand: [")
    result = runner.invoke(app, ["scenario", str(bad)])
    assert result.exit_code == 2 and "cannot be read as YAML" in result.output


def test_kpis(loaded: None) -> None:
    data = run_json("kpis")
    assert {d["department"] for d in data["readiness_distribution"]} == {"HR", "IT"}
    assert len(data["skill_progress"]) == 8
    assert "protected attributes" in data["diversity"]


def test_unknown_names_list_candidates(loaded: None) -> None:
    result = runner.invoke(app, ["gaps", "--employee", "Da"])
    assert result.exit_code == 2
    assert "matches several employees" in result.output and "E013 (Dana Okafor)" in result.output


def test_flow_on_a_day_and_by_quarter(loaded: None) -> None:
    # hand-worked in tests/domain/test_talent_flow.py
    data = run_json("flow", "--as-of", "2025-12-31")
    assert data["time_to_fill"]["median_days"] == 81.0 and data["retention"]["rate"] == 0.7857
    quarters = run_json("flow", "--series", "--quarters", "3", "--family", "ML")["quarters"]
    assert [q["quarter"] for q in quarters] == ["2026Q1", "2026Q2", "2026Q3"]
    assert [q["open_vacancies"] for q in quarters] == [2, 3, 4]  # V-2501 V-2601; +V-2605; +V-2607
    text = runner.invoke(app, ["flow", "--as-of", "2026-09-30"])
    assert text.exit_code == 0 and "Open vacancies: 7 (5 critical)" in text.output
    bad = runner.invoke(app, ["flow", "--as-of", "30/09/2026"])
    assert bad.exit_code != 0 and "is not a date" in bad.output
