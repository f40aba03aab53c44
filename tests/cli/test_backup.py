"""`talent backup` and `talent restore`, run in-process through Typer's runner."""

from __future__ import annotations

import gc
import hashlib
import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cli.main import app
from core.settings import get_settings

runner = CliRunner()
QUESTIONS = [
    ["search", "someone to triage IT tickets", "--json"],
    ["search", "spark data pipelines", "--type", "profile", "--json"],
    ["gaps", "--employee", "E013", "--role", "senior-data-engineer", "--json"],
    ["team-gaps", "--team", "Platform", "--json"],
    ["info"],
]


def _ok(*args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def _words(output: str) -> str:
    """The output with Rich's line wrapping undone."""
    return " ".join(output.split())


def _answers() -> list[str]:
    return [_ok(*question) for question in QUESTIONS]


def _new_process() -> None:
    """What the next `talent` command, a new process, starts without: stores opened by
    earlier commands, and the Chroma client each process keeps per folder."""
    from chromadb.api.shared_system_client import SharedSystemClient

    gc.collect()
    SharedSystemClient.clear_system_cache()


def _tree(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_backup_wipe_restore_gives_the_same_answers(
    sample_folder: Path, talent_home: Path, tmp_path: Path
) -> None:
    _ok("load", str(sample_folder))
    before = _answers()
    assert '"results": []' not in before[0] + before[1]

    written = _words(_ok("backup", str(tmp_path / "backup")))
    manifest = json.loads((tmp_path / "backup" / "manifest.json").read_text())
    for entry in manifest["files"]:
        assert entry["path"] in written and f"{entry['size']:,}" in written
    data_version, index_version = manifest["data_version"], manifest["index_version"]
    assert f"data version {data_version}, index version {index_version}" in written
    assert "Not included: TALENT_HOME/cache" in written

    _new_process()
    for path in talent_home.glob("talent.db*"):
        path.unlink()
    shutil.rmtree(talent_home / "chroma")
    restored = _words(_ok("restore", "--yes", str(tmp_path / "backup")))
    assert "every checksum matched" in restored
    assert f"Data version {data_version} → {data_version + 1}" in restored
    assert f"index version {index_version} → {index_version + 1}" in restored

    _new_process()
    assert _answers() == before


def test_restore_asks_first_and_a_no_changes_nothing(
    mini_folder: Path, talent_home: Path, tmp_path: Path
) -> None:
    _ok("load", str(mini_folder))
    _ok("backup", str(tmp_path / "backup"))
    _ok("forget", "employee", "E2")
    _new_process()
    home = _tree(talent_home)
    result = runner.invoke(app, ["restore", str(tmp_path / "backup")], input="n\n")
    assert result.exit_code == 1
    assert "Replace the database and the search index" in result.output
    assert _tree(talent_home) == home


def test_refusals_exit_2_with_the_reason(
    mini_folder: Path, talent_home: Path, tmp_path: Path
) -> None:
    _ok("load", str(mini_folder))
    full = tmp_path / "full"
    full.mkdir()
    (full / "keep.txt").write_text("mine")
    result = runner.invoke(app, ["backup", str(full)])
    assert result.exit_code == 2
    assert "is not empty" in result.output and [p.name for p in full.iterdir()] == ["keep.txt"]

    _ok("backup", str(tmp_path / "backup"))
    talent_db = tmp_path / "backup" / "talent.db"
    talent_db.write_bytes(talent_db.read_bytes()[:-4096])
    result = runner.invoke(app, ["restore", "--yes", str(tmp_path / "backup")])
    assert result.exit_code == 2
    assert "talent.db has" in result.output and "damaged or incomplete" in _words(result.output)


@pytest.mark.parametrize(
    "variable, value",
    [
        ("TALENT_DATABASE_URL", "postgresql://talent@127.0.0.1:5432/talent"),
        ("TALENT_CHROMA_URL", "http://127.0.0.1:8001"),
    ],
)
def test_server_back_ends_are_sent_to_pg_dump_and_the_docs(
    variable: str, value: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(variable, value)
    get_settings.cache_clear()
    for args in (["backup", str(tmp_path / "b")], ["restore", "--yes", str(tmp_path)]):
        result = runner.invoke(app, args)
        assert result.exit_code == 2
        output = _words(result.output)
        assert "pg_dump -Fc" in output and "docs/deployment.md" in output
    assert not (tmp_path / "b").exists()
