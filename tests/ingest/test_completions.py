"""Completions as an LMS reports them: xAPI statements and CSV exports, checked whole."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from domain.models import Completion
from ingest.completions import read_completions_csv, statements
from ingest.native_format import ImportFailed

ID = "6690e6c9-3ef0-4ed3-8b37-7f3964730bee"
COMPLETED = "http://adlnet.gov/expapi/verbs/completed"


def _statement(**fields: Any) -> dict[str, Any]:
    return {
        "id": ID,
        "actor": {"objectType": "Agent", "mbox": "mailto:dana.okafor@kestrel-mutual.example"},
        "verb": {"id": COMPLETED, "display": {"en-US": "completed"}},
        "object": {
            "id": "https://academy.kestrel-mutual.example/courses/containers-from-zero",
            "definition": {"name": {"en-US": "Containers from Zero"}},
        },
        "result": {"completion": True},
        "timestamp": "2026-11-20T16:05:00Z",
        **fields,
    }


def test_a_completed_statement_is_a_completion() -> None:
    (found,) = statements(_statement())
    assert isinstance(found, Completion)
    assert found.statement_id == ID
    assert found.person == "dana.okafor@kestrel-mutual.example"
    assert found.activity_name == "Containers from Zero"
    assert (found.verb, found.on) == ("completed", date(2026, 11, 20))


def test_an_account_names_the_learner_and_passed_counts() -> None:
    (found,) = statements(
        _statement(
            actor={"account": {"homePage": "https://lms.example", "name": "E013"}},
            verb={"id": "http://adlnet.gov/expapi/verbs/passed"},
            result={"success": True},
        )
    )
    assert isinstance(found, Completion)
    assert (found.person, found.verb) == ("E013", "passed")


def test_other_verbs_are_acknowledged_not_kept() -> None:
    launched = _statement(verb={"id": "http://adlnet.gov/expapi/verbs/launched"})
    assert statements([launched]) == [ID]


def test_a_statement_without_an_id_gets_one() -> None:
    body = _statement()
    del body["id"]
    (found,) = statements(body)
    assert isinstance(found, Completion) and len(found.statement_id) == 36


@pytest.mark.parametrize(
    ("change", "field", "reason"),
    [
        ({"actor": {"mbox_sha1sum": "abc"}}, "actor", "names nobody"),
        ({"actor": {"objectType": "Group", "member": []}}, "actor", "a group is not a learner"),
        ({"id": "not-a-uuid"}, "id", "is not a UUID"),
        ({"verb": {"display": {"en-US": "done"}}}, "verb.id", "a verb with an id"),
        ({"object": {"definition": {}}}, "object.id", "an object with an id"),
        ({"timestamp": "yesterday"}, "timestamp", "is not an ISO 8601 time"),
        ({"result": {"completion": False}}, "result.completion", "completion false"),
    ],
)
def test_bad_statements_are_refused_naming_the_field(
    change: dict[str, Any], field: str, reason: str
) -> None:
    good = _statement(id="0e4b1f0e-5a47-4b6b-9f1e-000000000001")
    with pytest.raises(ImportFailed) as failed:
        statements([good, _statement(**change)])
    (error,) = failed.value.errors
    assert (error.line, error.field) == (2, field)
    assert reason in error.reason
    assert "statement 2" in str(error)


def test_put_names_its_statement() -> None:
    (found,) = statements(_statement(id=None) | {"id": ID}, ID)
    assert isinstance(found, Completion) and found.statement_id == ID
    with pytest.raises(ImportFailed, match="differs from the statementId"):
        statements(_statement(), "0e4b1f0e-5a47-4b6b-9f1e-000000000009")
    with pytest.raises(ImportFailed, match="PUT takes one statement"):
        statements([_statement()], ID)


def test_a_csv_export_reads_like_statements(tmp_path: Path) -> None:
    path = tmp_path / "moodle-completions.csv"
    path.write_text(
        "person,activity,completed_on,activity_name\n"
        "dana.okafor@kestrel-mutual.example,LR-DOCKER-101,2026-11-20,Containers\n"
        "E004,https://academy.kestrel-mutual.example/x,2026-11-21,\n",
        encoding="utf-8",
    )
    first, second = read_completions_csv(path)
    assert (first.person, first.activity_id, first.on) == (
        "dana.okafor@kestrel-mutual.example",
        "LR-DOCKER-101",
        date(2026, 11, 20),
    )
    # no statement id: one made from the row, so the same row again is the same completion
    assert first.statement_id.startswith("csv-")
    assert read_completions_csv(path)[0].statement_id == first.statement_id
    assert second.verb == "completed"


def test_a_broken_csv_names_file_line_and_field(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_text(
        "person,activity,completed_on\n"
        "E013,LR-DOCKER-101,20/11/2026\n"
        ",LR-DOCKER-101,2026-11-20\n"
        "E013,LR-DOCKER-101,2026-11-20\n"
        "E013,LR-DOCKER-101,2026-11-20\n",
        encoding="utf-8",
    )
    with pytest.raises(ImportFailed) as failed:
        read_completions_csv(path)
    found = [(e.file, e.line, e.field) for e in failed.value.errors]
    assert found == [
        ("export.csv", 2, "completed_on"),
        ("export.csv", 3, "person"),
        ("export.csv", 5, "statement_id"),
    ]
    assert "'20/11/2026' is not a date" in str(failed.value)
    missing = tmp_path / "other.csv"
    missing.write_text("learner,course\nE013,LR-DOCKER-101\n", encoding="utf-8")
    with pytest.raises(ImportFailed, match=r"other\.csv, line 1, field 'person': missing column"):
        read_completions_csv(missing)


def test_a_statement_id_past_64_characters_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "long.csv"
    path.write_text(
        f"person,activity,completed_on,statement_id\nE013,LR-DOCKER-101,2026-11-20,{'x' * 65}\n",
        encoding="utf-8",
    )
    with pytest.raises(ImportFailed) as failed:
        read_completions_csv(path)
    (error,) = failed.value.errors
    assert (error.line, error.field, error.reason) == (
        2,
        "statement_id",
        "longer than 64 characters",
    )
