"""HRIS exports through their column mappings (ingest/hris.py): the four example mappings
(data/hris/) import their sample exports with the same result as the native files they
mirror; bad exports and mappings are refused whole, naming the export's line and column."""

from __future__ import annotations

import shutil
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
import xlsxwriter

from core.errors import UserError
from ingest.native_folder import load_folder
from ingest.native_format import ImportFailed
from services import Services
from tests.support.organisations import SAMPLE, SAMPLE_AS_OF

HRIS = SAMPLE.parent / "hris"
EXAMPLES = [
    ("workday", "workers.csv"),
    ("successfactors", "employee_data.csv"),
    ("bamboohr", "employees_report.csv"),
    ("personio", "employees.xlsx"),
]


def _services(home: Path, folder: Path) -> Services:
    from core.settings import Settings

    services = Services.from_settings(
        Settings(home=home, embedder="hash", vector_store="memory", as_of=SAMPLE_AS_OF)
    )
    load_folder(services.store, folder)
    return services


def _import(
    services: Services, system: str, export: str, content: bytes | None = None, **kw: Any
) -> dict[str, Any]:
    folder = HRIS / system
    return services.import_hris(
        content if content is not None else (folder / export).read_bytes(),
        export,
        (folder / "mapping.yaml").read_text(encoding="utf-8"),
        f"{system}/mapping.yaml",
        kw.get("dry_run", False),
    )


def _framework_only(tmp_path: Path) -> Path:
    """The sample's framework and catalogue, without its people."""
    folder = tmp_path / "framework"
    folder.mkdir()
    for name in ("skills.csv", "roles.yaml", "learning_resources.csv"):
        shutil.copy(SAMPLE / name, folder / name)
    return folder


def _leaves(services: Services) -> set[tuple[Any, ...]]:
    return {
        (e.employee_id, e.on, e.role_id, e.team, e.voluntary)
        for e in services.store.events()
        if e.type.value == "leave"
    }


@pytest.mark.parametrize(("system", "export"), EXAMPLES)
def test_each_example_mirrors_the_native_files(tmp_path: Path, system: str, export: str) -> None:
    native = _services(tmp_path / "native", SAMPLE)
    # into the organisation already loaded from the native files: nothing to change
    again = _import(native, system, export)
    assert again["rows"] == 77
    assert again["records"] == {
        "employees": {"created": 0, "changed": 0, "unchanged": 77},
        "events": {"created": 0, "changed": 0, "unchanged": 11},
    }
    assert again["changes"] == [] and again["warnings"] == []
    # into an organisation with the framework only: the same people and leavers
    fresh = _services(tmp_path / "fresh", _framework_only(tmp_path))
    made = _import(fresh, system, export)
    assert made["records"]["employees"]["created"] == 77
    assert made["records"]["events"]["created"] == 11
    expected = [replace(e, goal_role_id=None) for e in native.store.employees()]
    assert fresh.store.employees() == expected  # a goal role is no HRIS field
    assert _leaves(fresh) == _leaves(native)
    # the same export again changes nothing
    twice = _import(fresh, system, export)
    assert all(c["created"] == c["changed"] == 0 for c in twice["records"].values())


def test_a_dry_run_says_what_would_change_and_writes_nothing(tmp_path: Path) -> None:
    services = _services(tmp_path / "home", SAMPLE)
    folder = HRIS / "bamboohr"
    text = (folder / "employees_report.csv").read_text(encoding="utf-8")
    dana = "E013,Dana,Okafor,dana.okafor@kestrel-mutual.example,IT,Data,"
    text = text.replace(f"{dana}Data Engineer,", f"{dana}Senior Data Engineer,")
    zoe = "E101,Zoe,Quinn,zoe.quinn@kestrel-mutual.example,IT,Data,Data Engineer,E012"
    text += f"{zoe},2026-11-16,,,Full-Time\n"
    hugo = "E021,Hugo,Lefèvre,hugo.lefevre@kestrel-mutual.example,IT,Data,Data Analyst,E012"
    text = text.replace(
        f"{hugo},2025-01-06,,,", f"{hugo},2025-01-06,2026-11-13,Resignation (Voluntary),"
    )
    version = services.store.data_version()
    report = _import(services, "bamboohr", "report.csv", text.encode(), dry_run=True)
    assert report["dry_run"] is True
    assert report["records"]["employees"] == {"created": 1, "changed": 1, "unchanged": 76}
    assert report["records"]["events"] == {"created": 1, "changed": 0, "unchanged": 11}
    assert report["changes"] == [
        "E013: role_id data-engineer → senior-data-engineer",
        "new employee E101 (Zoe Quinn)",
        "new leave: E021 on 2026-11-13",
    ]
    assert services.store.data_version() == version
    assert services.store.employees(["E101"]) == []
    written = _import(services, "bamboohr", "report.csv", text.encode())
    assert written["records"]["employees"] == {"created": 1, "changed": 1, "unchanged": 76}
    assert services.store.employees(["E013"])[0].role_id == "senior-data-engineer"
    assert "E021" not in services.org().employees  # left on 2026-11-13


def test_fields_the_mapping_does_not_name_keep_their_values(tmp_path: Path) -> None:
    services = _services(tmp_path / "home", SAMPLE)
    export = "Employee #,Job Title\nE013,Chief Happiness Officer\nE004,Platform Engineer\n"
    report = services.import_hris(
        export.encode(),
        "titles.csv",
        'employees:\n  employee_id: "Employee #"\n  role_id: {column: Job Title, role: title}\n',
        "titles.yaml",
        False,
    )
    assert report["records"]["employees"] == {"created": 0, "changed": 0, "unchanged": 2}
    assert report["warnings"] == [
        "Job Title: 1 title(s) name no role here (the role on record stays): "
        "Chief Happiness Officer"
    ]
    dana = services.store.employees(["E013"])[0]
    assert (dana.role_id, dana.goal_role_id, dana.team) == (
        "data-engineer",
        "senior-data-engineer",
        "Data",
    )


def _failure(services: Services, system: str, export: str, content: bytes) -> ImportFailed:
    version = services.store.data_version()
    with pytest.raises(ImportFailed) as failed:
        _import(services, system, export, content)
    assert services.store.data_version() == version  # nothing written
    return failed.value


def test_bad_exports_name_the_export_line_and_column(tmp_path: Path) -> None:
    services = _services(tmp_path / "home", SAMPLE)
    text = (HRIS / "workday" / "workers.csv").read_text(encoding="utf-8")
    lines = text.splitlines()
    # line 3: an unknown manager; line 4: a date not in the export's format; line 70
    # (E068): a termination reason the mapping has no entry for
    lines[2] = lines[2].replace(",E001,", ",E999,")
    lines[3] = lines[3].replace("04/03/2017", "2017-13-03")
    row = next(i for i, line in enumerate(lines) if line.startswith("E068,"))
    lines[row] = lines[row].replace("Terminate Employee > Voluntary > Retirement", "Moved abroad")
    failed = _failure(services, "workday", "workers.csv", "\n".join(lines).encode())
    found = {(e.file, e.line, e.field): e.reason for e in failed.errors}
    assert found[("workers.csv", 3, "Manager - Employee ID")] == "unknown employee 'E999'"
    assert "is not a date in the format %m/%d/%Y" in found[("workers.csv", 4, "Hire Date")]
    assert (
        "'Moved abroad' has no mapping"
        in found[("workers.csv", row + 1, "Primary Termination Reason")]
    )


def test_a_mapping_naming_a_missing_column(tmp_path: Path) -> None:
    services = _services(tmp_path / "home", SAMPLE)
    renamed = (HRIS / "bamboohr" / "employees_report.csv").read_text(encoding="utf-8")
    renamed = renamed.replace("Supervisor EID", "Reports To", 1)
    failed = _failure(services, "bamboohr", "report.csv", renamed.encode())
    (error,) = failed.errors
    assert (error.file, error.line, error.field) == ("report.csv", 1, "Supervisor EID")
    assert "is not a column of the export" in error.reason and "Reports To" in error.reason


def test_an_xlsx_with_a_broken_date(tmp_path: Path) -> None:
    services = _services(tmp_path / "home", SAMPLE)
    path = tmp_path / "people.xlsx"
    book = xlsxwriter.Workbook(path)
    sheet = book.add_worksheet("Employees")
    header = ["Employee number", "First name", "Last name", "Email", "Department", "Team",
              "Position", "Supervisor employee number", "Hire date", "Termination date",
              "Termination type"]  # fmt: skip
    sheet.write_row(0, 0, header)
    person = ["E102", "Ana", "Lima", "ana.lima@kestrel-mutual.example", "IT", "Data",
              "Data Engineer", "E012"]  # fmt: skip
    sheet.write_row(1, 0, person)
    sheet.write_datetime(1, 8, datetime(2026, 10, 1), book.add_format({"num_format": "dd.mm.yyyy"}))
    sheet.write_row(2, 0, ["E103", "Ben", "Ode", "ben.ode@kestrel-mutual.example", "IT", "Data",
                           "Data Engineer", "E012"])  # fmt: skip
    sheet.write_string(2, 8, "31/02/2026")  # typed as text, and no such day
    book.close()
    failed = _failure(services, "personio", "people.xlsx", path.read_bytes())
    (error,) = failed.errors
    assert (error.file, error.line, error.field) == ("people.xlsx", 3, "Hire date")
    assert "'31/02/2026' is not a date" in error.reason


def test_a_bad_mapping_names_its_file_and_key(tmp_path: Path) -> None:
    services = _services(tmp_path / "home", SAMPLE)
    mapping = (
        "employees:\n  employee_id: ID\n  salary: Base Pay\n"
        "leaves:\n  voluntary: Reason\n"
        "date_format: '%Q'\n"
    )
    with pytest.raises(ImportFailed) as failed:
        services.import_hris(b"ID\nE001\n", "x.csv", mapping, "mine.yaml", False)
    fields = {(e.file, e.field) for e in failed.value.errors}
    assert ("mine.yaml", "employees.salary") in fields
    assert ("mine.yaml", "leaves.date") in fields
    assert ("mine.yaml", "date_format") in fields
    with pytest.raises(UserError, match="not valid YAML"):
        services.import_hris(b"ID\n", "x.csv", "employees: [", "mine.yaml", False)
    with pytest.raises(UserError, match=r"an export is a \.csv or \.xlsx file"):
        services.import_hris(b"", "x.pdf", "employees:\n  employee_id: ID\n", "m.yaml", False)
