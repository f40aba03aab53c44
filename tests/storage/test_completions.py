"""Completions kept and matched (storage/completions.py): a course completion completes the
matching approved plan actions once, whatever is sent again; what matches nobody is kept
for HR, never guessed."""

from __future__ import annotations

from datetime import date

import pytest

from core.errors import ConflictError
from domain.models import Completion
from ingest.native_folder import load_folder
from services import Services
from tests.support.organisations import SAMPLE

ON = date(2026, 11, 20)


def _completion(statement_id: str, person: str, activity: str, on: date = ON) -> Completion:
    return Completion(
        statement_id, person, activity, "", "completed", on,
        Completion.digest_of(person, activity, "completed", on),
    )  # fmt: skip


@pytest.fixture
def services(settings) -> Services:  # type: ignore[no-untyped-def]
    services = Services.from_settings(settings)
    load_folder(services.store, SAMPLE)
    return services


@pytest.fixture
def plan_id(services: Services) -> str:
    plans = services.store.plans
    draft = plans.save_draft(services.insights().plan("E013", "senior-data-engineer"), "hr:-")
    plans.set_status(draft["plan_id"], "approved", "manager:E012")
    return str(draft["plan_id"])


def test_a_completion_completes_the_matching_action_once(services: Services, plan_id: str) -> None:
    store = services.store
    spark = _completion(
        "5d0a6f5e-0000-4000-8000-000000000001",
        "Dana.Okafor@kestrel-mutual.example",
        "https://lms.example/activities/LR-SPARK-DEV",
    )
    report = services.record_completions([spark], "moodle")
    assert (report.new, report.unchanged, report.unmatched) == (1, 0, [])
    assert report.completed_actions == [
        {"plan_id": plan_id, "action": 0, "employee_id": "E013", "resource_id": "LR-SPARK-DEV"}
    ]
    plan = store.plans.get(plan_id)
    action = plan["actions"][0]
    assert (action["done"], action["done_on"]) == (True, "2026-11-20")
    assert action["evidence"] == {
        "source": "course completion",
        "on": "2026-11-20",
        "reported_by": "moodle",
        "statement_id": spark.statement_id,
    }
    assert plan["status"] == "in_progress"
    assert plan["progress"]["done"] == 1 and plan["progress"]["total"] == 3
    version = plan["version"]
    again = services.record_completions([spark], "moodle")
    assert (again.new, again.unchanged, again.completed_actions) == (0, 1, [])
    assert store.plans.get(plan_id)["version"] == version  # nothing changed
    changed = _completion(spark.statement_id, "E013", "LR-SPARK-DEV", date(2026, 11, 21))
    with pytest.raises(ConflictError, match="received before with other content"):
        services.record_completions([changed], "moodle")


def test_what_matches_nobody_is_kept_for_hr(services: Services, plan_id: str) -> None:
    stranger = _completion("csv-1", "someone@elsewhere.example", "LR-SPARK-DEV")
    unknown_course = _completion("csv-2", "E013", "https://lms.example/activities/pottery")
    report = services.record_completions([stranger, unknown_course], "csv:export.csv")
    assert [(u["person"], u["status"]) for u in report.unmatched] == [
        ("someone@elsewhere.example", "unknown_person"),
        ("E013", "unknown_activity"),
    ]
    assert report.completed_actions == []
    listed = services.store.completions.list("unmatched")
    assert {c["statement_id"] for c in listed} == {"csv-1", "csv-2"}
    assert not services.store.plans.get(plan_id)["actions"][0]["done"]


def test_a_dry_run_says_what_would_happen_and_writes_nothing(
    services: Services, plan_id: str
) -> None:
    spark = _completion("csv-3", "E013", "LR-SPARK-DEV")
    report = services.record_completions([spark], "csv:x.csv", dry_run=True)
    assert report.new == 1
    assert [(d["plan_id"], d["action"]) for d in report.completed_actions] == [(plan_id, 0)]
    assert services.store.completions.list() == []
    assert not services.store.plans.get(plan_id)["actions"][0]["done"]


def test_erasure_reaches_completions(services: Services, plan_id: str) -> None:
    services.record_completions(
        [
            _completion("csv-4", "E013", "LR-SPARK-DEV"),
            _completion("csv-5", "dana.okafor@kestrel-mutual.example", "pottery"),
            _completion("csv-6", "E004", "LR-SPARK-DEV"),
        ],
        "moodle",
    )
    services.forget_employee("E013")
    assert [c["statement_id"] for c in services.store.completions.list()] == ["csv-6"]
