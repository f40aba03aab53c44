"""Every partial download imports or says what is missing: O*NET's task list alone, its
skills alone, its technology skills alone, ESCO's skills without occupations, and a folder
of roles and job descriptions before any skill. An empty framework means no inferred
requirements, never a crash; and the `talent` command never shows a traceback."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

import cli.main
from cli.main import app
from core.settings import Settings
from services import Services

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
runner = CliRunner()


def _only(tmp_path: Path, export: str, *names: str) -> Path:
    folder = tmp_path / f"{export}-partial"
    folder.mkdir()
    for name in names:
        shutil.copy(FIXTURES / export / name, folder / name)
    return folder


def _ingest(path: Path) -> dict:  # type: ignore[type-arg]
    result = runner.invoke(app, ["ingest", "--json", str(path)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_onet_tasks_alone_load_their_occupations_and_say_skills_are_missing(
    tmp_path: Path, settings: Settings
) -> None:
    summary = _ingest(_only(tmp_path, "onet", "Task Statements.txt"))
    store = Services.from_settings(settings).store
    assert summary["loaded"]["roles"]["inserted"] == 2
    assert len(store.job_descriptions()) == 2
    assert summary["inferred_requirements"] == {}
    assert not any(r.requirements for r in store.roles())
    assert any("no skills are loaded yet" in w for w in summary["warnings"])


def test_the_skills_loaded_later_fill_in_the_requirements(
    tmp_path: Path, settings: Settings
) -> None:
    _ingest(_only(tmp_path, "onet", "Task Statements.txt"))
    later = _ingest(_only(tmp_path, "esco", "skills_en.csv"))
    assert later["warnings"] == []
    assert later["inferred_requirements"], "the waiting job descriptions are read now"


def test_onet_skills_alone_load_skills_and_declared_requirements(
    tmp_path: Path, settings: Settings
) -> None:
    summary = _ingest(_only(tmp_path, "onet", "Skills.txt"))
    assert summary["loaded"]["skills"]["inserted"] > 0
    roles = Services.from_settings(settings).store.roles()
    assert roles and all(q.inferred is False for r in roles for q in r.requirements)
    assert summary["warnings"] == []


def test_onet_technology_skills_alone_load(tmp_path: Path, settings: Settings) -> None:
    summary = _ingest(_only(tmp_path, "onet", "Technology Skills.txt"))
    skills = Services.from_settings(settings).store.skills()
    assert summary["loaded"]["skills"]["inserted"] == len(skills) > 0
    assert all(s.category.endswith("technology") for s in skills)


def test_esco_skills_without_occupations_load_skills_only(
    tmp_path: Path, settings: Settings
) -> None:
    summary = _ingest(_only(tmp_path, "esco", "skills_en.csv"))
    store = Services.from_settings(settings).store
    assert summary["loaded"]["skills"]["inserted"] == len(store.skills()) > 0
    assert store.roles() == []


def test_roles_and_job_descriptions_before_any_skill(tmp_path: Path, settings: Settings) -> None:
    folder = tmp_path / "no-skills-yet"
    (folder / "job_descriptions").mkdir(parents=True)
    (folder / "roles.yaml").write_text(
        "roles:\n  - role_id: data-engineer\n    title: Data Engineer\n    department: IT\n"
    )
    shutil.copy(
        FIXTURES / "mini_org" / "job_descriptions" / "data-engineer.md",
        folder / "job_descriptions" / "data-engineer.md",
    )
    summary = _ingest(folder)
    assert summary["inferred_requirements"] == {}
    assert any("no skills are loaded yet" in w for w in summary["warnings"])


def _talent(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "TALENT_HOME": str(home), "TALENT_EMBEDDER": "hash"}
    command = [sys.executable, "-c", "import cli.main; cli.main.main()", *args]
    return subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)


def test_the_command_imports_the_task_list_alone_with_no_traceback(
    tmp_path: Path, talent_home: Path
) -> None:
    done = _talent("ingest", str(_only(tmp_path, "onet", "Task Statements.txt")), home=talent_home)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stdout + done.stderr


def test_an_unexpected_error_is_one_line_and_a_log_entry(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], talent_home: Path
) -> None:
    def broken(*_args: object, **_kwargs: object) -> None:
        raise ValueError("max() arg is an empty sequence")

    monkeypatch.setattr("ingest.service.Ingestor.ingest", broken)
    with pytest.raises(SystemExit) as exited:
        cli.main.main(["load", str(FIXTURES / "mini_org")])
    assert exited.value.code == 1
    shown = capsys.readouterr()
    assert "Traceback" not in shown.out + shown.err
    message = " ".join(shown.err.split())
    assert "unexpected ValueError: max() arg is an empty sequence" in message
    assert "--debug" in message
    logged = (talent_home / "logs" / "talent-cli.log").read_text()
    assert "Traceback" in logged and "broken" in logged and "broken" not in message

    with pytest.raises(SystemExit):
        cli.main.main(["--debug", "load", str(FIXTURES / "mini_org")])
    assert "Traceback" in capsys.readouterr().err


def test_a_user_error_the_command_did_not_report_is_one_line_too(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from core.errors import DependencyError

    def unavailable(*_args: object, **_kwargs: object) -> None:
        raise DependencyError("the store at postgresql://db is unavailable")

    monkeypatch.setattr(cli.main, "services", unavailable)
    with pytest.raises(SystemExit) as exited:
        cli.main.main(["forget", "employee", "E001"])
    assert exited.value.code == 2
    assert "Traceback" not in capsys.readouterr().err
