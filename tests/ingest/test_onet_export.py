"""The O*NET-sized stand-in (tests/support/onet_export.py) is an export `read_onet` imports:
its occupations, their task lists, O*NET's 35 skills and the technology skills, hot ones
mattering more."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from ingest.frameworks import detect_format, read_onet
from tests.support.onet_export import SKILL_COLUMNS, TASK_COLUMNS, TECH_COLUMNS, write_onet_export

pytestmark = pytest.mark.unit


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def test_a_small_export_imports_with_its_counts(tmp_path: Path) -> None:
    counts = write_onet_export(tmp_path, occupations=20)
    assert detect_format(tmp_path) == "onet"
    for name, columns in (
        ("Task Statements.txt", TASK_COLUMNS),
        ("Skills.txt", SKILL_COLUMNS),
        ("Technology Skills.txt", TECH_COLUMNS),
    ):
        header = (tmp_path / name).read_text(encoding="utf-8").splitlines()[0]
        assert tuple(header.split("\t")) == columns

    bundle = read_onet(tmp_path)

    assert counts["occupations"] == 20 and bundle.roles and len(bundle.roles) == 20
    assert 5 * 20 <= counts["tasks"] <= 40 * 20
    jds = bundle.job_descriptions or []
    assert len(jds) == 20
    assert sum(jd.text.count("\n- ") for jd in jds) == counts["tasks"]
    skills = bundle.skills or []
    onet_skills = [s for s in skills if s.category == "O*NET skill"]
    technologies = [s for s in skills if s.category == "O*NET technology"]
    assert len(onet_skills) == counts["skills"] == 35
    assert {s.name for s in onet_skills} >= {"Reading Comprehension", "Programming"}
    assert len(technologies) == counts["commodities"]
    assert counts["skill_rows"] == 20 * 35 * 2
    examples = {a for s in technologies for a in s.aliases} | {s.name for s in technologies}
    assert counts["technology_examples"] <= len(examples)

    # A commodity is hot for an occupation when any of its examples there is hot.
    hot = {
        (row["O*NET-SOC Code"], "onet-tech:" + row["Commodity Code"])
        for row in _rows(tmp_path / "Technology Skills.txt")
        if row["Hot Technology"] == "Y"
    }
    assert hot and counts["technology_hot_rows"] > 0
    importance = {
        (role.role_id, r.skill_id): r.importance
        for role in bundle.roles
        for r in role.requirements
        if r.skill_id.startswith("onet-tech:")
    }
    assert all(importance[key] == 4 for key in hot)
    assert {v for k, v in importance.items() if k not in hot} == {3}


def test_the_same_seed_writes_the_same_export(tmp_path: Path) -> None:
    first = write_onet_export(tmp_path / "a", seed=3, occupations=5)
    second = write_onet_export(tmp_path / "b", seed=3, occupations=5)
    assert first == second
    for name in ("Task Statements.txt", "Skills.txt", "Technology Skills.txt"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
