"""Hiring and leaving in chat, on the sample organisation: the questions the issue found
answered by the wrong capability now get their own, with figures worked out by hand
(tests/domain/test_talent_flow.py); what the service has no data for gets "I don't have
that" and what it can answer instead; "what can you do?" is help."""

from __future__ import annotations

from pathlib import Path

import pytest

from agent.access import Caller, CallerRole
from services import Services
from tests.support.organisations import MINI, sample_services

HR = Caller(CallerRole.HR)
EVALUATOR = Caller(CallerRole.EVALUATOR)
CARMEN = Caller(CallerRole.MANAGER, "E032", "Carmen Delgado")  # Service Desk lead
DANA = Caller(CallerRole.EMPLOYEE, "E013", "Dana Okafor")


@pytest.fixture(scope="module")
def services(tmp_path_factory: pytest.TempPathFactory) -> Services:
    return sample_services(tmp_path_factory.mktemp("flow-chat"))


def ask(services: Services, question: str, caller: Caller = HR) -> dict:  # type: ignore[type-arg]
    return services.assistant.ask(question, caller).to_dict()


def test_time_to_fill_for_a_role_says_none_was_filled_and_what_is_open(
    services: Services,
) -> None:
    answer = ask(services, "what is our time to fill for ML engineers?")
    assert (answer["intent"], answer["tool_args"]) == ("time_to_fill", {"role": "ml-engineer"})
    assert "None was filled" in answer["answer"]
    # V-2501, V-2601, V-2605 open on 2026-11-22: 629, 311 and 202 days
    assert "Still open on 2026-11-22: 3" in answer["answer"] and "629 days" in answer["answer"]
    assert answer["grounding"] == "verified" and not answer["refused"]


def test_how_many_top_technologists_left_last_year(services: Services) -> None:
    answer = ask(services, "how many top technologists left last year?")
    assert (answer["intent"], answer["tool_args"]) == ("retention", {"as_of": "2025-12-31"})
    # 14 on 2024-12-31, 11 stayed; E067, E068, E070 left by choice
    assert "Of the 14 employed on 2024-12-31, 11 stayed and 3 left" in answer["answer"]
    assert "Definition: top technologists" in answer["answer"]
    assert "Oskar" not in answer["answer"] and "E067" not in str(answer["data"])


def test_the_shared_kpis_include_hiring_and_retention(services: Services) -> None:
    answer = ask(services, "show the shared HR-IT KPIs")
    assert answer["intent"] == "kpis"
    assert "Time to fill: median 77.5 days" in answer["answer"]
    assert "Retention of top technologists:" in answer["answer"]


@pytest.mark.parametrize(
    ("question", "intent", "args", "says"),
    [
        ("which vacancies are open?", "open_vacancies", {}, "6 vacancies open on 2026-11-22"),
        (
            "internal fill rate in Q2 2025",
            "internal_fill",
            {"as_of": "2025-06-30"},
            "Internal fill rate 50%: of the 6 vacancies",
        ),
        (
            "time to fill for the Data team in 2025",
            "time_to_fill",
            {"team": "Data", "as_of": "2025-12-31"},
            "median 24 days over 1 filled",
        ),
        ("which roles need Kubernetes?", "roles_needing_skill", {"skill": "kubernetes"}, "5 roles"),
        (
            "What is our retention in the Service Desk team?",
            "retention",
            {"team": "Service Desk"},
            "the Service Desk team",
        ),
    ],
)
def test_each_question_gets_its_capability(
    services: Services,
    question: str,
    intent: str,
    args: dict,
    says: str,  # type: ignore[type-arg]
) -> None:
    answer = ask(services, question)
    assert (answer["intent"], answer["tool_args"]) == (intent, args), answer["answer"]
    assert says in answer["answer"], answer["answer"]


def test_a_manager_gets_their_own_teams_and_an_employee_nothing(services: Services) -> None:
    answer = ask(services, "time to fill", CARMEN)
    assert "the Service Desk team" in answer["answer"] and "ML Engineer" not in answer["answer"]
    refused = ask(services, "what is the time to fill for the Data team?", CARMEN)
    assert refused["refused"] and "not one of your teams" in refused["answer"]
    employee = ask(services, "what is our retention?", DANA)
    assert employee["refused"] and "for HR, managers and evaluators" in employee["answer"]


@pytest.mark.parametrize(
    ("question", "missing"),
    [
        ("What is our employee engagement score?", "engagement"),
        ("rotate HR business partners through service desk jobs: a job rotation", "job rotation"),
        ("what's the headcount budget for IT next year", "budgets"),
        ("how many applicants did we get for the ML engineer vacancy", "recruiting pipeline"),
        ("why did people leave the ML team", "no exit reasons"),
        ("who is likely to leave the service desk next year", "who will leave"),
        ("show the gender split in IT", None),  # a protected characteristic: refused outright
    ],
)
def test_what_the_service_has_no_data_for_gets_i_dont_have_that(
    services: Services, question: str, missing: str | None
) -> None:
    answer = ask(services, question)
    assert answer["refused"] and not answer["data"], answer
    if missing is None:
        assert answer["intent"] == "not_allowed"
        return
    assert answer["intent"] == "out_of_scope"
    assert answer["answer"].startswith("I don't have that:") and missing in answer["answer"]
    assert "I can " in answer["answer"]  # and what it can answer instead


def test_what_can_you_do_is_help_for_this_caller(services: Services) -> None:
    answer = ask(services, "what can you do?")
    assert answer["intent"] == "help" and not answer["refused"]
    assert "What is our time to fill" in answer["answer"]
    employee = ask(services, "What can you do?", DANA)
    assert employee["intent"] == "help"
    assert "time to fill" not in employee["answer"].lower()  # not hers to ask
    assert "What do I lack" in employee["answer"] or "gaps" in employee["answer"]


def test_before_any_vacancy_is_loaded_time_to_fill_says_so(tmp_path: Path) -> None:
    services = sample_services(tmp_path, MINI)
    answer = services.assistant.ask("what is our time to fill?", HR).to_dict()
    assert answer["intent"] == "time_to_fill"
    assert answer["answer"].startswith("I don't have that yet: no vacancies are on record")
    retention = services.assistant.ask("what is our retention?", HR).to_dict()
    assert retention["answer"].startswith("I don't have that yet")
