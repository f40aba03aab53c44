"""ESCO and O*NET exports: a folder or any of its files names the export; a path that holds
nothing importable is an error that says what was expected."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cli.main import app
from core.errors import UserError
from ingest.frameworks import detect_format, read_esco, read_onet

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("esco", "esco"),
        ("esco/skills_en.csv", "esco"),
        ("esco/occupations_en.csv", "esco"),
        ("onet", "onet"),
        ("onet/Task Statements.txt", "onet"),
        ("onet/Technology Skills.txt", "onet"),
        ("mini_org", "native"),
    ],
)
def test_a_folder_or_any_of_its_files_names_the_export(path: str, expected: str) -> None:
    assert detect_format(FIXTURES / path) == expected


def test_a_document_is_still_a_document(tmp_path: Path) -> None:
    jd = tmp_path / "Skills needed.txt"
    jd.write_text("# Analyst\n- SQL\n")
    assert detect_format(jd) == "document"


def test_the_task_statements_file_imports_its_occupations() -> None:
    from_file = read_onet(FIXTURES / "onet" / "Task Statements.txt")
    from_folder = read_onet(FIXTURES / "onet")
    assert from_file.roles and [r.role_id for r in from_file.roles] == [
        r.role_id for r in from_folder.roles or []
    ]


def test_the_skills_file_imports_the_esco_export() -> None:
    bundle = read_esco(FIXTURES / "esco" / "skills_en.csv")
    assert bundle.skills and bundle.roles


def test_a_folder_without_the_export_says_what_it_expected(tmp_path: Path) -> None:
    with pytest.raises(UserError, match=r"expected Task Statements\.txt, Skills\.txt"):
        read_onet(tmp_path)
    with pytest.raises(UserError, match=r"expected skills_en\.csv"):
        read_esco(tmp_path)


def test_an_export_with_headers_only_is_an_error(tmp_path: Path) -> None:
    header = (FIXTURES / "onet" / "Task Statements.txt").read_text().splitlines()[0]
    (tmp_path / "Task Statements.txt").write_text(header + "\n")
    with pytest.raises(UserError, match="no occupations or skills"):
        read_onet(tmp_path / "Task Statements.txt")


def test_the_cli_fails_on_a_path_with_nothing_importable(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    result = CliRunner().invoke(app, ["ingest", "--format", "onet", str(empty)])
    assert result.exit_code != 0
    assert "expected Task Statements.txt" in " ".join(result.output.split())


def test_the_cli_imports_occupations_from_the_task_file(tmp_path: Path) -> None:
    export = tmp_path / "onet"
    shutil.copytree(FIXTURES / "onet", export)
    result = CliRunner().invoke(
        app, ["ingest", "--json", str(export / "Task Statements.txt")], catch_exceptions=False
    )
    assert result.exit_code == 0, result.output
    summary = json.loads(result.output)
    assert summary["format"] == "onet" and summary["loaded"]["roles"]["inserted"] > 0
