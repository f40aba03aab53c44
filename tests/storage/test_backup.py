"""Backups of the embedded default (SQLite + embedded Chroma under TALENT_HOME): a restored
home answers exactly as the backed-up one did; a damaged backup is refused before anything
is touched; a backup taken while others write is whole."""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
import threading
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from core.errors import DependencyError, UserError
from core.settings import Settings
from services import Services
from storage.backup import MANIFEST, backup, restore
from storage.store import Store
from tests.support.organisations import SAMPLE_AS_OF, sample_services


@pytest.fixture(autouse=True)
def database(talent_home: Path) -> str:
    """Backups cover SQLite only: these tests don't run again on PostgreSQL (conftest.py)."""
    return "sqlite"


def _settings(home: Path) -> Settings:
    return Settings(
        home=home, embedder="hash", vector_store="chroma", as_of=date.fromisoformat(SAMPLE_AS_OF)
    )


def _indexed_sample(home: Path) -> Services:
    """The sample organisation in an embedded Chroma index, with a plan and audit rows."""
    services = sample_services(home, vector_store="chroma")
    services.knowledge.reindex()
    draft = services.insights().plan("E013", "senior-data-engineer")
    services.store.plans.save_draft(draft, created_by="test")
    for n in range(3):
        _audit(services.store, n)
    return services


def _audit(store: Store, n: int) -> None:
    store.audit.record(
        key_id=None,
        key_name="hr-desk",
        role="hr",
        method="GET",
        path=f"/v1/employees/E00{n % 9 + 1}/gaps",
        route="/v1/employees/{employee_id}/gaps",
        status=200,
        outcome="allowed",
        latency_ms=5.0,
    )


def _answers(services: Services) -> dict[str, Any]:
    insights = services.insights()
    return {
        "employees": services.store.employees(),
        "gaps": insights.gaps("E013", "senior-data-engineer"),
        "team_gaps": insights.team_gaps(team="Platform", ai_only=True),
        "plan": insights.plan("E004", "ml-engineer").to_dict(),
        "plans": services.store.plans.list(),
        "audit": services.store.audit.list(1000),
        "search": [
            [h.to_dict() for h in services.knowledge.search(query, 5)]
            for query in ("someone to triage IT tickets", "spark data pipelines", "kubernetes")
        ],
        "chunks": services.knowledge.vectors.count(),
    }


def _reopen(settings: Settings) -> Services:
    """The store and index as a new process finds them. Chroma keeps one client per folder
    per process, serving what it first read there; a restore is followed by a new process,
    which forgetting those clients stands in for."""
    from chromadb.api.shared_system_client import SharedSystemClient

    SharedSystemClient.clear_system_cache()
    return Services.from_settings(settings)


def _wipe(home: Path) -> None:
    for path in home.glob("talent.db*"):
        path.unlink()
    shutil.rmtree(home / "chroma")


def _tree(folder: Path) -> dict[str, str]:
    """Every file under `folder` with a checksum of its bytes."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_a_restored_home_answers_as_the_backed_up_one(talent_home: Path, tmp_path: Path) -> None:
    services = _indexed_sample(talent_home)
    before = _answers(services)
    assert before["gaps"]["gaps"] and before["team_gaps"]["skills"] and before["plans"]
    assert len(before["audit"]) == 3 and before["chunks"] > 50
    assert all(before["search"]), "every query finds something"
    versions = services.store.data_version(), services.store.index_version()

    report = backup(services.settings, tmp_path / "backup")
    services.close()
    listed = json.loads((tmp_path / "backup" / MANIFEST).read_text())
    assert {f["path"] for f in listed["files"]} == {f.path for f in report.files}
    assert {"talent.db", "chroma/chroma.sqlite3"} <= {f.path for f in report.files}
    assert any(f.path.endswith("data_level0.bin") for f in report.files)
    assert (listed["data_version"], listed["index_version"]) == versions
    assert listed["talent_insights_version"] and listed["created_at"].endswith("Z")
    assert (tmp_path / "backup").stat().st_mode & 0o077 == 0, "personal data: owner only"

    _wipe(talent_home)
    assert not (talent_home / "talent.db").exists()
    restored = restore(_settings(talent_home), tmp_path / "backup")
    after = _reopen(_settings(talent_home))

    assert _answers(after) == before
    assert restored.with_index and restored.backup_versions == versions
    assert after.store.data_version() == restored.data_version == versions[0] + 1
    assert after.store.index_version() == restored.index_version == versions[1] + 1
    assert not list(talent_home.glob(".restore-*")), "the staging folder is removed"
    after.close()


def test_restore_replaces_what_changed_since_and_a_running_process_sees_it(
    talent_home: Path, tmp_path: Path
) -> None:
    services = _indexed_sample(talent_home)
    backup(services.settings, tmp_path / "backup")
    services.store.forget_employee("E004")  # a change after the backup, with its version
    services.store.bump_index_version()
    live_versions = services.store.data_version(), services.store.index_version()
    assert "E004" not in services.org().employees  # cached by this "running" process

    report = restore(services.settings, tmp_path / "backup")

    # The database was written in place, so the open store reads the restored records,
    # and the bumped version makes the process reload its organisation.
    assert report.data_version > live_versions[0] and report.index_version > live_versions[1]
    assert "E004" in services.org().employees
    services.close()
    assert "E004" in {e.employee_id for e in _reopen(services.settings).store.employees()}


def test_a_backup_into_a_folder_that_is_not_empty_is_refused(
    talent_home: Path, tmp_path: Path
) -> None:
    services = _indexed_sample(talent_home)
    target = tmp_path / "backups"
    target.mkdir()
    (target / "notes.txt").write_text("last week's")
    with pytest.raises(UserError, match="is not empty"):
        backup(services.settings, target)
    assert [p.name for p in target.iterdir()] == ["notes.txt"]
    with pytest.raises(UserError, match="is a file"):
        backup(services.settings, target / "notes.txt")
    with pytest.raises(UserError, match="inside the search index"):
        backup(services.settings, talent_home / "chroma" / "backup")
    assert not (talent_home / "chroma" / "backup").exists()


def _flip_a_byte(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))


def _edit_manifest(folder: Path, path: str) -> None:
    manifest = json.loads((folder / MANIFEST).read_text())
    manifest["files"][0]["path"] = path
    (folder / MANIFEST).write_text(json.dumps(manifest))


DAMAGE = {
    "database changed": ("talent.db", lambda b: _flip_a_byte(b / "talent.db")),
    "index file changed": (
        "data_level0.bin",
        lambda b: _flip_a_byte(next(b.glob("chroma/*/data_level0.bin"))),
    ),
    "index file missing": (
        "chroma.sqlite3 is missing",
        lambda b: (b / "chroma" / "chroma.sqlite3").unlink(),
    ),
    "truncated": (
        "header.bin has 10 bytes",
        lambda b: next(b.glob("chroma/*/header.bin")).write_bytes(b"0123456789"),
    ),
    "no manifest": ("holds no manifest.json", lambda b: (b / MANIFEST).unlink()),
    "manifest names a file outside": (
        "../talent.db",
        lambda b: _edit_manifest(b, "../talent.db"),
    ),
}


@pytest.mark.parametrize("damage", sorted(DAMAGE))
def test_a_damaged_backup_is_refused_and_nothing_is_touched(
    damage: str, talent_home: Path, tmp_path: Path
) -> None:
    services = _indexed_sample(talent_home)
    backup(services.settings, tmp_path / "backup")
    services.store.forget_employee("E004")  # the live home now differs from the backup
    services.close()
    named, harm = DAMAGE[damage]
    harm(tmp_path / "backup")
    home_before, created_before = _tree(talent_home), talent_home.stat().st_mtime_ns

    with pytest.raises(UserError) as refused:
        restore(_settings(talent_home), tmp_path / "backup")

    assert named in str(refused.value)
    assert _tree(talent_home) == home_before
    # Refused before anything was made there, even a staging folder since removed.
    assert talent_home.stat().st_mtime_ns == created_before


def test_a_backup_taken_while_another_thread_writes_is_whole(
    talent_home: Path, tmp_path: Path
) -> None:
    services = _indexed_sample(talent_home)
    writer = Store.from_settings(services.settings)  # as another process would
    draft = services.insights().plan("E013", "senior-data-engineer")
    stop, rounds = threading.Event(), [0]

    def write() -> None:
        # Each round adds an audit row, then a plan, in two transactions.
        while not stop.is_set():
            _audit(writer, rounds[0])
            writer.plans.save_draft(draft, created_by="writer")
            rounds[0] += 1

    thread = threading.Thread(target=write)
    thread.start()
    try:
        while rounds[0] < 5:
            stop.wait(0.01)
        started_at = rounds[0]
        report = backup(services.settings, tmp_path / "backup")
        finished_at = rounds[0]
    finally:
        stop.set()
        thread.join()
    writer.close()
    assert finished_at > started_at, "the writer kept writing during the backup"

    copy = sqlite3.connect(tmp_path / "backup" / "talent.db")
    assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    copy.close()
    other = _settings(tmp_path / "elsewhere")  # restored on another machine
    restore(other, tmp_path / "backup")
    restored = _reopen(other)
    audit = len(restored.store.audit.list(100_000)) - 3
    writer_plans = [p for p in restored.store.plans.list() if p["created_by"] == "writer"]
    # One snapshot: every round before it whole, at most the one in progress half-done.
    assert started_at <= len(writer_plans) <= finished_at
    assert audit - len(writer_plans) in (0, 1)
    assert restored.knowledge.search("spark data pipelines", 3)
    assert restored.org().employees.keys() == services.org().employees.keys()
    assert report.data_version == restored.store.data_version() - 1
    restored.close()
    services.close()


def test_a_backup_gives_up_while_the_index_keeps_changing(
    talent_home: Path, tmp_path: Path
) -> None:
    services = _indexed_sample(talent_home)
    reindexer = Store.from_settings(services.settings)
    stop = threading.Event()

    def reindex() -> None:  # what a long re-index elsewhere looks like to the store
        while not stop.is_set():
            reindexer.bump_index_version()

    thread = threading.Thread(target=reindex)
    thread.start()
    try:
        with pytest.raises(DependencyError, match="changed during each of 3 attempts"):
            backup(services.settings, tmp_path / "backup")
    finally:
        stop.set()
        thread.join()
    reindexer.close()
    assert not (tmp_path / "backup").exists(), "a failed backup leaves nothing behind"

    report = backup(services.settings, tmp_path / "backup")  # quiet again: it succeeds
    assert report.attempts == 1
    assert report.index_version == services.store.index_version()
    services.close()


SERVERS: dict[str, dict[str, Any]] = {
    "postgres": {"database_url": "postgresql://talent@127.0.0.1:5432/talent"},
    "chroma server": {"chroma_url": "http://127.0.0.1:8001"},
}


@pytest.mark.parametrize("server", sorted(SERVERS))
def test_server_back_ends_are_pointed_to_their_own_tools(
    server: str, talent_home: Path, tmp_path: Path
) -> None:
    settings = Settings(home=talent_home, **SERVERS[server])
    with pytest.raises(UserError, match="pg_dump -Fc") as refused:
        backup(settings, tmp_path / "backup")
    assert "docs/deployment.md" in str(refused.value)
    assert not (tmp_path / "backup").exists()
    (tmp_path / "backup").mkdir()
    with pytest.raises(UserError, match="pg_restore"):
        restore(settings, tmp_path / "backup")
    assert not talent_home.exists()
