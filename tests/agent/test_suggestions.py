"""Suggestions per caller (agent/suggestions.py) on the sample organisation: each is about
people, roles and teams the caller may see, fits the caller (no "my profile" for a key with
no person behind it), and each one, asked, is answered by its capability — never refused,
never "name the person"."""

from __future__ import annotations

import re

import pytest

from agent.access import Caller, CallerRole
from services import Services
from tests.support.organisations import sample_services

CALLERS = {
    "hr": Caller(CallerRole.HR, None, "hr"),
    "admin": Caller(CallerRole.ADMIN, None, "admin"),
    "manager": Caller(CallerRole.MANAGER, "E012", "ingrid"),
    "employee": Caller(CallerRole.EMPLOYEE, "E013", "dana"),
    "evaluator": Caller(CallerRole.EVALUATOR, None, "evaluator"),
}
FIRST_PERSON = re.compile(r"\b(my|me|I)\b")


@pytest.fixture(scope="module")
def services(tmp_path_factory: pytest.TempPathFactory) -> Services:
    return sample_services(tmp_path_factory.mktemp("suggestions"))


@pytest.mark.parametrize("role", list(CALLERS))
def test_every_suggestion_is_answered_by_its_capability(services: Services, role: str) -> None:
    caller = CALLERS[role]
    found = services.assistant.suggestions(caller)
    assert found
    for suggestion in found:
        answer = services.assistant.ask(suggestion.question, caller)
        assert not answer.refused, (suggestion, answer.answer)
        assert answer.intent == suggestion.capability, (suggestion, answer.intent)
        assert "Name the person" not in answer.answer and answer.data, suggestion


def test_suggestions_fit_the_caller(services: Services) -> None:
    by_role = {
        role: {s.capability: s.question for s in services.assistant.suggestions(caller)}
        for role, caller in CALLERS.items()
    }
    # HR has no person behind its key: nothing first-person, and a real person with her goal
    # (hand-read: E004 Bob Lindqvist, the first by id with a goal role, ML Engineer)
    for role in ("hr", "admin"):
        assert not any(FIRST_PERSON.search(q) for q in by_role[role].values())
    assert by_role["hr"]["person_gaps"] == "What does Bob Lindqvist lack for ML Engineer?"
    # Ingrid's report with a goal: Dana Okafor, towards Senior Data Engineer; her biggest
    # gap there is Apache Spark (2 of 4, importance 5)
    assert by_role["manager"]["person_gaps"] == (
        "What does Dana Okafor lack for Senior Data Engineer?"
    )
    assert by_role["manager"]["find_mentors"] == "Who could mentor Dana Okafor in Apache Spark?"
    # Dana asks about herself; no lists of colleagues, no team figures
    assert by_role["employee"]["person_gaps"] == "What do I lack for Senior Data Engineer?"
    assert not {"find_mentors", "team_gaps", "internal_candidates"} & set(by_role["employee"])
    # evaluators: groups only, and only groups of at least the minimum size (Data has 10)
    assert not {"person_gaps", "get_employee_profile", "team_heatmap"} & set(by_role["evaluator"])
    assert by_role["evaluator"]["team_gaps"] == "Which AI skills is the Data team missing?"
