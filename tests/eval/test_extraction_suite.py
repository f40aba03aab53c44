"""The ESCO extraction suite's files are what eval/extraction.py expects, and the runner
scores a ranking the way the metrics say, on a small hand-made framework. (The suite itself
needs ESCO's 13,939 skills: `make eval-esco`; its numbers are in docs/eval.md.)"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from core.errors import UserError
from core.settings import Settings
from domain.models import Skill
from eval.extraction import BASELINE, VARIANTS, run_extraction, summary
from eval.suites import SUITES
from services import Services
from storage.bundle import Bundle

URI = re.compile(r"http://data\.europa\.eu/esco/skill/[0-9a-f-]{36}")
DOMAINS = {"it", "hr", "health", "trades", "finance"}


@pytest.mark.unit
@pytest.mark.parametrize(("name", "at_least"), [("extraction", 150), ("extraction_blind", 50)])
def test_the_suite_files_are_well_formed(name: str, at_least: int) -> None:
    document = yaml.safe_load((SUITES / "esco" / f"{name}.yaml").read_text(encoding="utf-8"))
    assert document["kind"] == "extraction" and document["name"] == name
    cases = document["cases"]
    assert len(cases) >= at_least
    assert len({c["id"] for c in cases}) == len(cases)
    assert {c["domain"] for c in cases} == DOMAINS
    for case in cases:
        assert case["sentence"].strip() and 1 <= len(case["expected"]) <= 6, case["id"]
        assert all(URI.fullmatch(uri) for uri in case["expected"]), case["id"]
        assert len(set(case["expected"])) == len(case["expected"]), case["id"]


def test_the_main_and_blind_sets_share_no_sentence() -> None:
    def sentences(name: str) -> set[str]:
        text = (SUITES / "esco" / f"{name}.yaml").read_text(encoding="utf-8")
        return {c["sentence"] for c in yaml.safe_load(text)["cases"]}

    assert not sentences("extraction") & sentences("extraction_blind")


SKILLS = [
    Skill("esco:00000000-0000-0000-0000-000000000001", "Python", "K", "programming in Python", ()),
    Skill("esco:00000000-0000-0000-0000-000000000002", "SQL", "K", "query databases", ()),
    Skill("esco:00000000-0000-0000-0000-000000000003", "forklift", "S", "drive a forklift", ()),
]


def _suite(tmp_path: Path, expected: list[str]) -> Path:
    path = tmp_path / "suite.yaml"
    path.write_text(
        yaml.safe_dump(
            {
                "kind": "extraction",
                "cases": [
                    {"id": "a", "domain": "it", "sentence": "Python and SQL.", "expected": expected}
                ],
            }
        )
    )
    return path


def test_the_runner_reports_every_method_and_the_margin(tmp_path: Path) -> None:
    services = Services.from_settings(
        Settings(home=tmp_path, embedder="hash", vector_store="memory")
    )
    services.store.apply(Bundle(folder=tmp_path, skills=SKILLS))
    uri = "http://data.europa.eu/esco/skill/00000000-0000-0000-0000-000000000001"
    report = run_extraction(services.knowledge, _suite(tmp_path, [uri]))
    assert set(report["methods"]) == {*VARIANTS, BASELINE}
    ours = report["methods"]["ours"]
    assert ours["mrr"] == 1.0  # Python is named in the sentence: first
    assert 0 <= report["extract"]["precision"] <= 1 and report["extract"]["recall"] == 1.0
    flat = summary(report)
    assert flat["mrr_margin"] == pytest.approx(ours["mrr"] - report["methods"][BASELINE]["mrr"])


def test_gold_skills_missing_from_the_framework_name_the_case(tmp_path: Path) -> None:
    services = Services.from_settings(
        Settings(home=tmp_path, embedder="hash", vector_store="memory")
    )
    services.store.apply(Bundle(folder=tmp_path, skills=SKILLS))
    missing = "http://data.europa.eu/esco/skill/99999999-0000-0000-0000-000000000000"
    with pytest.raises(UserError, match=r"case a: .* load ESCO first"):
        run_extraction(services.knowledge, _suite(tmp_path, [missing]))
