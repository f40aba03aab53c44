"""vacancies.csv and events.csv: valid history loads (and reloads unchanged); every bad row is
reported with its file, line and field, and nothing of the folder is stored."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.errors import ValidationError
from domain.models import EventType, FillSource, VacancyStatus
from ingest.native_folder import ImportFailed, load_folder
from ingest.talent_flow import bundle_from_json
from storage.store import Store
from tests.ingest.test_native_folder import dump

VACANCIES = """vacancy_id,role_id,team,opened,status,closed,filled_from,filled_by,critical
V1,data-engineer,Data,2024-01-08,filled,2024-03-01,internal,E3,yes
V2,data-engineer,Data,2024-06-03,cancelled,2024-07-31,,,no
V3,ml-engineer,Data,2025-02-03,open,,,,yes
"""
EVENTS = """event_id,employee_id,type,date,role_id,team,voluntary
H1,E5,hire,2023-02-01,data-engineer,Data,
M1,E3,move,2024-03-04,data-engineer,Data,
L1,E5,leave,2024-10-31,data-engineer,Data,yes
"""
FORMER = "E5,Eve Former,eve@example.org,IT,Data,data-engineer,E1,2023-02-01,\n"


@pytest.fixture
def flow_folder(mini_folder: Path) -> Path:
    (mini_folder / "vacancies.csv").write_text(VACANCIES)
    (mini_folder / "events.csv").write_text(EVENTS)
    people = mini_folder / "employees.csv"
    people.write_text(people.read_text() + FORMER)
    return mini_folder


def test_history_loads_and_a_second_load_changes_nothing(store: Store, flow_folder: Path) -> None:
    report = load_folder(store, flow_folder)
    assert report.counts["vacancies"].inserted == 3
    assert report.counts["employment_events"].inserted == 3
    vacancies = {v.vacancy_id: v for v in store.vacancies()}
    assert vacancies["V1"].status is VacancyStatus.FILLED
    assert vacancies["V1"].filled_from is FillSource.INTERNAL
    assert vacancies["V1"].filled_by == "E3" and vacancies["V1"].critical
    assert vacancies["V3"].closed is None and vacancies["V3"].status is VacancyStatus.OPEN
    leave = next(e for e in store.events() if e.event_id == "L1")
    assert leave.type is EventType.LEAVE and leave.voluntary is True
    again = load_folder(store, flow_folder)
    assert not again.changed


def test_a_person_who_left_is_not_in_the_organisation_after_their_leave(
    store: Store, flow_folder: Path
) -> None:
    load_folder(store, flow_folder)
    before = store.load_org(as_of=None, stale_after_months=24)
    # the day before the leave they are there; from the leave's day on they are not
    from datetime import date

    assert "E5" in store.load_org(date(2024, 10, 30), stale_after_months=24).employees
    assert "E5" not in store.load_org(date(2024, 10, 31), stale_after_months=24).employees
    assert "E5" not in before.employees
    assert "E5" in before.flow.people  # history keeps them


BAD = [
    ("vacancies.csv", "V1,data-engineer", "V1,data-enginer", 2, "role_id", "unknown role"),
    (
        "vacancies.csv",
        "2024-03-01,internal",
        "2023-12-01,internal",
        2,
        "closed",
        "before it opened",
    ),
    ("vacancies.csv", "V2,data-engineer", "V1,data-engineer", 3, "vacancy_id", "repeats line 2"),
    ("vacancies.csv", "internal,E3", "internal,E9", 2, "filled_by", "unknown employee 'E9'"),
    ("vacancies.csv", "filled,2024-03-01,internal", "filled,,internal", 2, "closed", "needs"),
    ("vacancies.csv", "open,,,,yes", "open,2025-03-01,,,yes", 4, "closed", "no closing date"),
    (
        "vacancies.csv",
        "filled,2024-03-01,internal",
        "filled,2024-03-01,",
        2,
        "filled_from",
        "empty",
    ),
    ("vacancies.csv", "2024-06-03,cancelled", "2024-06-03,paused", 3, "status", "not one of"),
    (
        "vacancies.csv",
        "V3,ml-engineer,Data,2025-02-03",
        "V3,ml-engineer,Data,2025-02-30",
        4,
        "opened",
        "not a date",
    ),
    ("events.csv", "M1,E3", "M1,E9", 3, "employee_id", "unknown employee 'E9'"),
    (
        "events.csv",
        "L1,E5,leave,2024-10-31",
        "L1,E5,leave,2022-10-31",
        4,
        "date",
        "before they were hired on 2023-02-01",
    ),
    (
        "events.csv",
        "M1,E3,move,2024-03-04",
        "M1,E3,move,2021-03-04",
        3,
        "date",
        "before they were hired on 2022-01-10",
    ),
    ("events.csv", "M1,E3", "H1,E3", 3, "event_id", "repeats line 2"),
    (
        "events.csv",
        "L1,E5,leave,2024-10-31,data-engineer,Data,yes",
        "L1,E5,leave,2024-10-31,data-engineer,Data,",
        4,
        "voluntary",
        "is empty",
    ),
    (
        "events.csv",
        "M1,E3,move,2024-03-04,data-engineer,Data,",
        "M1,E3,move,2024-03-04,,,",
        3,
        "role_id",
        "a move names",
    ),
    (
        "events.csv",
        "M1,E3,move,2024-03-04,data-engineer",
        "M1,E3,move,2024-03-04,data-scientist",
        3,
        "role_id",
        "unknown role",
    ),
    ("events.csv", "M1,E3,move", "M1,E3,promotion", 3, "type", "not one of: hire, move, leave"),
]


@pytest.mark.parametrize(("file", "old", "new", "line", "field", "why"), BAD)
def test_a_bad_row_names_file_line_and_field_and_stores_nothing(
    store: Store, flow_folder: Path, file: str, old: str, new: str, line: int, field: str, why: str
) -> None:
    load_folder(store, flow_folder)
    # A valid change elsewhere in the folder must not be committed either.
    people = flow_folder / "employees.csv"
    people.write_text(people.read_text().replace("Ben Builder", "Ben Renamed"))
    target = flow_folder / file
    text = target.read_text()
    assert old in text, f"fixture drifted: {old!r} not in {file}"
    target.write_text(text.replace(old, new, 1))
    before = dump(store)
    with pytest.raises(ImportFailed) as info:
        load_folder(store, flow_folder)
    message = str(info.value)
    assert f"{file}, line {line}, field '{field}'" in message and why in message, message
    assert dump(store) == before


def test_events_after_a_leave_need_a_new_hire(store: Store, flow_folder: Path) -> None:
    events = flow_folder / "events.csv"
    events.write_text(events.read_text() + "M2,E5,move,2024-12-02,,Platform,\n")
    with pytest.raises(
        ImportFailed,
        match=r"line 5, field 'date': a move on 2024-12-02 is after "
        r"they left on 2024-10-31",
    ):
        load_folder(store, flow_folder)
    events.write_text(
        EVENTS + "H2,E5,hire,2025-01-06,data-engineer,Data,\nM2,E5,move,2025-03-03,,Platform,\n"
    )
    assert load_folder(store, flow_folder).counts["employment_events"].inserted == 5
    assert "E5" in store.load_org(None, stale_after_months=24).employees  # rehired


def test_a_hire_while_still_employed_is_refused(store: Store, flow_folder: Path) -> None:
    events = flow_folder / "events.csv"
    events.write_text(events.read_text() + "H9,E2,hire,2023-05-02,data-engineer,Data,\n")
    with pytest.raises(
        ImportFailed,
        match=r"line 5, field 'type': a hire on 2023-05-02 while "
        r"still employed \(hired 2020-06-15",
    ):
        load_folder(store, flow_folder)


def test_json_records_are_checked_like_the_files(store: Store, flow_folder: Path) -> None:
    load_folder(store, flow_folder)
    items = [
        {
            "vacancy_id": "V9",
            "role_id": "data-engineer",
            "team": "Data",
            "opened": "2025-05-01",
            "status": "open",
        },
        {
            "vacancy_id": "V10",
            "role_id": "data-engineer",
            "team": "Data",
            "opened": "2025-05-01",
            "status": "filled",
            "closed": "2025-04-01",
            "filled_from": "external",
        },
        {
            "vacancy_id": "V11",
            "role_id": "data-engineer",
            "team": "Data",
            "opened": "2025-05-01",
            "status": "open",
            "salary": 90000,
        },
    ]
    with pytest.raises(ImportFailed) as info:
        bundle_from_json("vacancies", items, store.existing_state())
    errors: list[ValidationError] = info.value.errors
    assert [(e.line, e.field) for e in errors] == [(2, "closed"), (3, "salary")]
    assert "vacancies (request body), item 2, field 'closed'" in str(info.value)
    bundle = bundle_from_json("vacancies", items[:1], store.existing_state())
    assert store.apply(bundle).counts["vacancies"].inserted == 1
