"""Stored programmes: the decision workflow, opt-in and out, and erasure."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from core.errors import PreconditionFailed, UserError
from ingest.native_folder import load_folder
from storage.store import Store


def _draft(store: Store) -> str:
    made = store.programmes.create(
        "HR–IT cross-training, 2027Q1",
        ("HR", "IT"),
        date(2027, 1, 1),
        date(2027, 3, 31),
        [{"learners": "HR", "partners": "IT", "skills": [], "actions": []}],
        "hr:E041",
    )
    return str(made["programme_id"])


def test_decisions_follow_the_workflow_and_the_version_read(
    store: Store, sample_folder: Path
) -> None:
    load_folder(store, sample_folder)
    programme = _draft(store)
    with pytest.raises(PreconditionFailed, match="changed since you read it"):
        store.programmes.decide(programme, "approved", "hr:x", expected_version=7)
    approved = store.programmes.decide(programme, "approved", "hr:x", "go", expected_version=1)
    assert (approved["status"], approved["version"], approved["comment"]) == ("approved", 2, "go")
    with pytest.raises(UserError, match="approved and cannot become approved"):
        store.programmes.decide(programme, "approved", "hr:x")
    assert store.programmes.decide(programme, "closed", "hr:x")["status"] == "closed"


def test_opting_in_twice_keeps_one_row_and_erasure_removes_it(
    store: Store, sample_folder: Path
) -> None:
    load_folder(store, sample_folder)
    programme = _draft(store)
    store.programmes.opt_in(programme, "E041", date(2027, 1, 5), "employee:E041")
    store.programmes.opt_in(programme, "E041", date(2027, 1, 9), "employee:E041")
    store.programmes.mark_done(programme, "E041", 2, date(2027, 1, 20))
    store.programmes.withdraw(programme, "E041", date(2027, 2, 1))
    row = store.programmes.get(programme)["participants"]
    assert row == [
        {
            "employee_id": "E041",
            "joined_on": "2027-01-05",
            "left_on": "2027-02-01",
            "recorded_by": "employee:E041",
            "done": {"2": "2027-01-20"},
        }
    ]
    store.forget_employee("E041")
    after = store.programmes.get(programme)
    assert after["participants"] == [] and "E041" not in str(after)
