"""Bad native folders: every problem names its file, line and field, and nothing is written."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from ingest.native_folder import ImportFailed, load_folder
from ingest.native_writer import write_roles
from storage import schema
from storage.store import Store


def dump(store: Store) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, ids excluded, in a stable order."""
    out = {}
    with store.engine.connect() as conn:
        for table in schema.metadata.sorted_tables:
            columns = [c for c in table.c if c.name != "id"]
            rows = conn.execute(select(*columns)).all()
            out[table.name] = sorted(tuple(repr(v) for v in r) for r in rows)
    return out


BAD_ROWS = [
    (
        "employees.csv",
        "2022-01-10",
        "2022-13-10",
        "employees.csv, line 4, field 'hire_date'",
        "is not a date",
    ),
    (
        "employees.csv",
        "cy@example.org",
        "cy-at-example",
        "employees.csv, line 4, field 'email'",
        "not an email",
    ),
    (
        "employees.csv",
        "data-engineer,E1,2022",
        "data-enginer,E1,2022",
        "employees.csv, line 4, field 'role_id'",
        "unknown role 'data-enginer'",
    ),
    (
        "employees.csv",
        "IT,Platform,,E1,,",
        "IT,Platform,,E9,,",
        "employees.csv, line 5, field 'manager_id'",
        "unknown employee 'E9'",
    ),
    (
        "employee_skills.csv",
        "E3,py,3,peer",
        "E3,pyhton,3,peer",
        "employee_skills.csv, line 7, field 'skill'",
        "unknown skill 'pyhton'",
    ),
    (
        "employee_skills.csv",
        "E3,py,3,peer",
        "E3,py,7,peer",
        "employee_skills.csv, line 7, field 'level'",
        "outside the default scale",
    ),
    (
        "employee_skills.csv",
        "E3,py,3,peer",
        "E3,py,3,boss",
        "employee_skills.csv, line 7, field 'source'",
        "not one of: self, peer",
    ),
    (
        "employee_skills.csv",
        "E3,py,3,peer",
        "E3,py,three,peer",
        "employee_skills.csv, line 7, field 'level'",
        "'three' is not a number",
    ),
    (
        "learning_resources.csv",
        "python:2,12,0",
        "python:2,-3,0",
        "learning_resources.csv, line 2, field 'hours'",
        "must be > 0",
    ),
    (
        "learning_resources.csv",
        ",LR-PY-1",
        ",LR-PY-9",
        "learning_resources.csv, line 3, field 'prerequisites'",
        "unknown resource 'LR-PY-9'",
    ),
    (
        "learning_resources.csv",
        "Spark:4",
        "Spark",
        "learning_resources.csv, line 4, field 'skills'",
        "is not SKILL:LEVEL",
    ),
    (
        "learning_resources.csv",
        "course,Academy,true",
        "lecture,Academy,true",
        "learning_resources.csv, line 2, field 'type'",
        "'lecture' is not one of",
    ),
    (
        "roles.yaml",
        "{skill: Spark, level: 3, importance: 4}",
        "{skill: Spark, level: 6, importance: 4}",
        "roles.yaml, line 9, field 'level'",
        "6 is outside 1–5",
    ),
    (
        "roles.yaml",
        "      importance: 5",
        "      importance: high",
        "roles.yaml, line 18, field 'importance'",
        "'high' is not a whole number",
    ),
    (
        "roles.yaml",
        "  description: Builds data pipelines.\n",
        "  description: Builds data pipelines.\n  next_roles: [team-lead, astronaut]\n",
        "roles.yaml, line 7, field 'next_roles'",
        "'astronaut' is no role in roles.yaml",
    ),
    (
        "roles.yaml",
        "  description: Builds data pipelines.\n",
        "  description: Builds data pipelines.\n  next_roles: team-lead\n",
        "roles.yaml, line 7, field 'next_roles'",
        "must be a list of role ids",
    ),
    (
        "roles.yaml",
        "  description: Builds data pipelines.\n",
        "  description: Builds data pipelines.\n  next_roles: [data-engineer]\n",
        "roles.yaml, line 7, field 'next_roles'",
        "'data-engineer' is the role itself",
    ),
    (
        "skills.csv",
        "ML,,,,,",
        "ML;Spark,,,,,",
        "skills.csv, line 5, field 'aliases'",
        "alias 'Spark' of machine-learning already names apache-spark",
    ),
]


@pytest.mark.parametrize(("file", "old", "new", "where", "why"), BAD_ROWS)
def test_bad_row_names_file_line_field_and_loads_nothing(
    store: Store, mini_folder: Path, file: str, old: str, new: str, where: str, why: str
) -> None:
    load_folder(store, mini_folder)
    # A valid change elsewhere in the folder must not be committed either.
    people = mini_folder / "employees.csv"
    people.write_text(people.read_text().replace("Ben Builder", "Ben Renamed"))
    target = mini_folder / file
    text = target.read_text()
    assert old in text, f"fixture drifted: {old!r} not in {file}"
    target.write_text(text.replace(old, new, 1))
    before = dump(store)
    with pytest.raises(ImportFailed) as info:
        load_folder(store, mini_folder)
    message = str(info.value)
    assert where in message and why in message, message
    assert "nothing was loaded" in message
    assert dump(store) == before


def test_bad_first_load_leaves_an_empty_store(store: Store, mini_folder: Path) -> None:
    target = mini_folder / "employee_skills.csv"
    target.write_text(target.read_text() + "E2,python,3,self,yesterday,,\n")
    with pytest.raises(ImportFailed, match=r"employee_skills.csv, line 10, field 'assessed_on'"):
        load_folder(store, mini_folder)
    assert set(store.counts().values()) == {0}


def test_missing_column_and_unknown_column(store: Store, mini_folder: Path) -> None:
    target = mini_folder / "employees.csv"
    target.write_text(
        target.read_text().replace("employee_id,name,email", "employee_id,fullname,email")
    )
    with pytest.raises(ImportFailed, match=r"employees.csv, line 1, field 'name': required column"):
        load_folder(store, mini_folder)
    fixed = (
        target.read_text()
        .replace("employee_id,fullname,email", "employee_id,name,email")
        .replace("goal_role_id", "goal_role_id,shoe_size")
        .replace("ml-engineer\n", "ml-engineer,44\n")
    )
    target.write_text(fixed)
    report = load_folder(store, mini_folder)
    assert report.warnings == ["employees.csv: unknown column(s) ignored: shoe_size"]


def test_management_cycle_is_rejected(store: Store, mini_folder: Path) -> None:
    target = mini_folder / "employees.csv"
    target.write_text(target.read_text().replace("team-lead,,2015", "team-lead,E2,2015"))
    with pytest.raises(
        ImportFailed, match=r"line 2, field 'manager_id': E1 is their own \(indirect\) manager"
    ):
        load_folder(store, mini_folder)


def test_duplicate_ids_and_duplicate_assertions(store: Store, mini_folder: Path) -> None:
    target = mini_folder / "employees.csv"
    target.write_text(target.read_text() + "E2,Ben Again,ben2@example.org,IT,Data,,,,\n")
    skills = mini_folder / "employee_skills.csv"
    skills.write_text(skills.read_text() + "E2,Python,5,self,2026-03-01,,\n")
    with pytest.raises(ImportFailed) as info:
        load_folder(store, mini_folder)
    assert "employees.csv, line 6, field 'employee_id': 'E2' repeats line 3" in str(info.value)
    assert (
        "employee_skills.csv, line 10, field 'skill': "
        "same employee, skill, source and date as line 4" in str(info.value)
    )


def test_job_description_needs_front_matter_role(store: Store, mini_folder: Path) -> None:
    (mini_folder / "job_descriptions" / "mystery.md").write_text(
        "# Mystery role\nNo front matter.\n"
    )
    with pytest.raises(
        ImportFailed, match=r"job_descriptions/mystery.md, line 1, field 'role_id': is empty"
    ):
        load_folder(store, mini_folder)


def test_invalid_yaml_names_the_line(store: Store, mini_folder: Path) -> None:
    (mini_folder / "roles.yaml").write_text("- role_id: x\n  title: [unclosed\n")
    with pytest.raises(ImportFailed, match=r"roles.yaml, line \d+: is not valid YAML"):
        load_folder(store, mini_folder)


def test_a_folder_without_native_files_is_refused(store: Store, tmp_path: Path) -> None:
    from core.errors import UserError

    with pytest.raises(UserError, match="holds none of the native files"):
        load_folder(store, tmp_path)


IMPLAUSIBLE = [
    ("learning_resources.csv", ",python:2,12,0,", ",python:2,inf,0,", "field 'hours'", "inf"),
    ("learning_resources.csv", ",python:2,12,0,", ",python:2,12,inf,", "field 'cost'", "inf"),
    ("learning_resources.csv", ",python:2,12,0,", ",python:2,1e9,0,", "field 'hours'", "1e9"),
    ("employees.csv", "2020-06-15", "2999-06-15", "field 'hire_date'", "2999-06-15"),
    ("employee_skills.csv", "2024-05-01", "2999-05-01", "field 'assessed_on'", "2999-05-01"),
    ("employee_skills.csv", "2024-05-01", "1066-10-14", "field 'assessed_on'", "1066-10-14"),
]


@pytest.mark.parametrize(("file", "old", "new", "where", "why"), IMPLAUSIBLE)
def test_numbers_must_be_finite_and_dates_plausible(
    store: Store, mini_folder: Path, file: str, old: str, new: str, where: str, why: str
) -> None:
    target = mini_folder / file
    text = target.read_text()
    assert old in text, f"fixture drifted: {old!r} not in {file}"
    target.write_text(text.replace(old, new, 1))
    with pytest.raises(ImportFailed) as info:
        load_folder(store, mini_folder)
    assert where in str(info.value) and why in str(info.value), str(info.value)
    assert dump(store)["employees"] == []


def test_deeply_nested_yaml_is_a_clear_error(store: Store, mini_folder: Path) -> None:
    (mini_folder / "roles.yaml").write_text("- role_id: x\n  title: " + "[" * 5000 + "\n")
    with pytest.raises(ImportFailed, match=r"roles.yaml.*(nested|not valid YAML)"):
        load_folder(store, mini_folder)


def test_next_roles_are_kept_in_order_and_written_back(
    store: Store, mini_folder: Path, tmp_path: Path
) -> None:
    roles = mini_folder / "roles.yaml"
    roles.write_text(
        roles.read_text().replace(
            "  description: Builds data pipelines.\n",
            "  description: Builds data pipelines.\n  next_roles: [team-lead]\n",
        )
    )
    load_folder(store, mini_folder)
    by_id = {r.role_id: r for r in store.roles()}
    assert by_id["data-engineer"].next_roles == ("team-lead",)
    assert by_id["team-lead"].next_roles == ()
    write_roles(tmp_path / "out.yaml", store.roles())
    assert "next_roles:\n  - team-lead" in (tmp_path / "out.yaml").read_text()
